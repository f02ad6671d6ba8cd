package io.tandem.cli.daemon;

import io.tandem.cli.config.Config;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.cli.config.SecuritySettings;
import io.tandem.replicator.connection.DatabaseTls;
import io.tandem.replicator.connection.SslMode;
import io.tandem.replicator.event.EventFormat;
import io.tandem.replicator.region.DatabaseSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A region daemon's own settings, read once from its validated {@link Config}: what only this region
 * knows (its database, its Kafka, where its peers' Kafka clusters are). What all regions share comes
 * from ZooKeeper instead ({@link io.tandem.cli.cluster.ClusterConfig}).
 */
record DaemonOptions(
        String cluster,
        String region,
        DatabaseSettings database,
        String kafkaBootstrap,
        Map<String, String> peerKafka,
        String zooKeeper,
        Duration sessionTimeout,
        Duration capturePollInterval,
        EventFormat eventFormat,
        Duration heartbeat,
        int applyBatchSize,
        String httpBind,
        int httpPort,
        Optional<RouterPorts> router,
        Duration detectionTime,
        Duration maxLag,
        Duration holdDown,
        int minHealthyRegions,
        Duration switchoverTimeout) {

    static DaemonOptions from(Config config, Function<String, String> environment) {
        Duration session = config.get(DaemonSettings.ZOOKEEPER_SESSION_TIMEOUT);
        Duration detection = config.get(DaemonSettings.FAILOVER_DETECTION_TIME);
        if (detection.compareTo(session) <= 0) {
            throw new IllegalArgumentException("failover.detection-time (" + detection.toMillis()
                    + " ms) must be longer than zookeeper.session-timeout (" + session.toMillis() + " ms): a region"
                    + " fences itself within the session timeout, and its groups may move only after that, plus a"
                    + " margin; e.g. detection-time 3s with session-timeout 2s");
        }
        return new DaemonOptions(
                config.get(DaemonSettings.CLUSTER),
                config.get(DaemonSettings.REGION),
                database(config, environment),
                config.get(DaemonSettings.KAFKA_BOOTSTRAP),
                config.family(DaemonSettings.PEER_KAFKA),
                config.get(DaemonSettings.ZOOKEEPER_CONNECT),
                config.get(DaemonSettings.ZOOKEEPER_SESSION_TIMEOUT),
                config.get(DaemonSettings.CAPTURE_POLL_INTERVAL),
                EventFormat.parse(config.get(DaemonSettings.CAPTURE_EVENT_FORMAT)),
                config.get(DaemonSettings.HEARTBEAT_INTERVAL),
                config.get(DaemonSettings.APPLY_BATCH_SIZE),
                config.get(DaemonSettings.HTTP_BIND),
                config.get(DaemonSettings.HTTP_PORT),
                config.get(DaemonSettings.ROUTER_ENABLED)
                        ? Optional.of(new RouterPorts(
                                config.get(DaemonSettings.ROUTER_GRPC_PORT),
                                config.get(DaemonSettings.ROUTER_HTTP_PORT),
                                config.get(DaemonSettings.ROUTER_RATE_LIMIT)))
                        : Optional.empty(),
                config.get(DaemonSettings.FAILOVER_DETECTION_TIME),
                config.get(DaemonSettings.FAILOVER_MAX_LAG),
                config.get(DaemonSettings.FAILOVER_HOLD_DOWN),
                config.get(DaemonSettings.FAILOVER_MIN_HEALTHY),
                config.get(DaemonSettings.SWITCHOVER_TIMEOUT));
    }

    /** The embedded router's endpoints when {@code router.enabled} (HTTP port -1: gRPC only). */
    record RouterPorts(int grpcPort, int httpPort, int ratePerClient) {}

    /**
     * postgres.url is validated to start with jdbc:postgresql://; the password comes from the environment;
     * postgres.sslmode and postgres.sslrootcert apply to every connection the daemon opens.
     */
    private static DatabaseSettings database(Config config, Function<String, String> environment) {
        String url = config.get(DaemonSettings.POSTGRES_URL);
        URI uri = URI.create(url.substring("jdbc:".length()));
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || path.isEmpty()) {
            throw new IllegalArgumentException("postgres.url '" + url
                    + "' needs a host and a database, e.g. jdbc:postgresql://db.example:5432/orders");
        }
        return new DatabaseSettings(
                uri.getHost(),
                uri.getPort() < 0 ? 5432 : uri.getPort(),
                path,
                config.get(DaemonSettings.POSTGRES_USER),
                config.get(SecuritySettings.POSTGRES_PASSWORD)
                        .orElseGet(() -> environment.apply("TANDEM_POSTGRES_PASSWORD")),
                new DatabaseTls(
                        SslMode.parse(config.get(SecuritySettings.POSTGRES_SSLMODE)),
                        config.get(SecuritySettings.POSTGRES_SSLROOTCERT)));
    }
}
