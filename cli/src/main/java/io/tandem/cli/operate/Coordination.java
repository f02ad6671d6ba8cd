package io.tandem.cli.operate;

import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.AccessDeniedException;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.Role;
import io.tandem.controller.access.ZkClients;
import io.tandem.controller.access.ZkTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * A short-lived ZooKeeper client for one operator command, authenticated as the operator's
 * credential when one is configured and creating nodes with the cluster's ACLs. Closing it is
 * idempotent.
 */
final class Coordination implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private final CuratorFramework client;
    private final Optional<Credential> credential;

    private Coordination(CuratorFramework client, Optional<Credential> credential) {
        this.client = client;
        this.credential = credential;
    }

    /** Connects to the cluster {@code options} name, as the credential they resolve to. */
    static Coordination connect(ClusterOptions options) {
        return connect(options.zookeeper, options.credential(), options.paths());
    }

    /**
     * Connects, or throws {@link Unavailable} naming the connect string when ZooKeeper cannot be
     * reached within {@link #CONNECT_TIMEOUT}.
     */
    static Coordination connect(String connectString, Optional<Credential> credential, ZkPaths paths) {
        return connect(connectString, credential, paths, System.getenv());
    }

    /** As above, with TLS settings from {@code env} ({@link #tls}). */
    static Coordination connect(
            String connectString, Optional<Credential> credential, ZkPaths paths, Map<String, String> env) {
        ClusterAcls acls = ClusterAcls.unknown(paths);
        CuratorFramework client;
        try {
            client = ZkClients.builder(connectString, credential, acls, tls(env))
                    .ensembleTracker(false)
                    .sessionTimeoutMs(10_000)
                    .connectionTimeoutMs((int) CONNECT_TIMEOUT.toMillis())
                    .retryPolicy(new ExponentialBackoffRetry(200, 3))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new Unavailable(
                    e.getMessage() + " (the CLI reads zookeeper.tls.* from $TANDEM_ZOOKEEPER_TLS_TRUSTSTORE,"
                            + " $TANDEM_ZOOKEEPER_TLS_KEYSTORE and their _PASSWORD_FILE variables)");
        }
        client.start();
        try {
            if (!client.blockUntilConnected((int) CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                client.close();
                throw new Unavailable("cannot reach ZooKeeper at " + connectString + " within "
                        + CONNECT_TIMEOUT.toSeconds() + " s; check --zookeeper or $TANDEM_ZOOKEEPER_CONNECT, and"
                        + " $TANDEM_ZOOKEEPER_TLS_TRUSTSTORE if the ensemble takes TLS connections only");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new Unavailable("interrupted while connecting to ZooKeeper at " + connectString);
        }
        try {
            acls.load(client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new Coordination(client, credential);
    }

    /**
     * TLS to ZooKeeper from the environment, named as the daemon's settings are: {@code
     * TANDEM_ZOOKEEPER_TLS_TRUSTSTORE} (turns TLS on), {@code TANDEM_ZOOKEEPER_TLS_KEYSTORE}, {@code
     * TANDEM_ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE}, {@code TANDEM_ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE}.
     */
    static Optional<ZkTls> tls(Map<String, String> env) {
        return ZkTls.of(
                path(env, "TANDEM_ZOOKEEPER_TLS_TRUSTSTORE"),
                path(env, "TANDEM_ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE"),
                path(env, "TANDEM_ZOOKEEPER_TLS_KEYSTORE"),
                path(env, "TANDEM_ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE"),
                "zookeeper.tls");
    }

    private static Optional<Path> path(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /**
     * Runs {@code action}, which needs role {@code needed}; a ZooKeeper refusal becomes an {@link
     * AccessDeniedException} naming the role and this command's identity.
     */
    <T> T as(Role needed, String what, Supplier<T> action) {
        return AccessDeniedException.requiring(needed, what, credential, action);
    }

    CuratorFramework client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }

    /** The coordination service could not be reached. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }
}
