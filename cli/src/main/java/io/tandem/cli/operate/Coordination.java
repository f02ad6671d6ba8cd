package io.tandem.cli.operate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** A short-lived ZooKeeper client for one operator command. Closing it is idempotent. */
final class Coordination implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private final CuratorFramework client;

    private Coordination(CuratorFramework client) {
        this.client = client;
    }

    /**
     * Connects, or throws {@link Unavailable} naming the connect string when ZooKeeper cannot be
     * reached within {@link #CONNECT_TIMEOUT}.
     */
    static Coordination connect(String connectString) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .ensembleTracker(false)
                .sessionTimeoutMs(10_000)
                .connectionTimeoutMs((int) CONNECT_TIMEOUT.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 3))
                .build();
        client.start();
        try {
            if (!client.blockUntilConnected((int) CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                client.close();
                throw new Unavailable("cannot reach ZooKeeper at " + connectString + " within "
                        + CONNECT_TIMEOUT.toSeconds() + " s; check --zookeeper or $TANDEM_ZOOKEEPER_CONNECT");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new Unavailable("interrupted while connecting to ZooKeeper at " + connectString);
        }
        return new Coordination(client);
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
