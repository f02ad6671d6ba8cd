package io.tandem.cli.config;

import static io.tandem.cli.config.Setting.optional;
import static io.tandem.cli.config.Setting.required;

import java.time.Duration;
import java.util.List;

/**
 * Every setting of {@code tandem daemon --config region.yaml}, defined once. The configuration
 * reference (docs/configuration.md) is generated from this list; a test keeps the two equal.
 */
public final class DaemonSettings {
    private DaemonSettings() {}

    public static final Setting<String> CLUSTER = optional(
            "cluster",
            SettingType.NAME,
            "tandem",
            "Name of the Tandem cluster; all regions of one cluster use the same name. Its ZooKeeper root is /tandem/<cluster>.");

    public static final Setting<String> REGION = required(
            "region",
            SettingType.NAME,
            "This daemon's region. It names the Kafka topic tandem.<region>.changes and the replication slot.");

    public static final Setting<String> POSTGRES_URL = required(
                    "postgres.url",
                    SettingType.STRING,
                    "JDBC URL of this region's PostgreSQL database (wal_level=logical).")
            .requiring(url -> url.startsWith("jdbc:postgresql://"), "must start with jdbc:postgresql://");

    public static final Setting<String> POSTGRES_USER = optional(
            "postgres.user",
            SettingType.STRING,
            "tandem",
            "Database user with the REPLICATION attribute. The password comes from TANDEM_POSTGRES_PASSWORD.");

    public static final Setting<String> KAFKA_BOOTSTRAP = required(
            "kafka.bootstrap",
            SettingType.HOST_PORTS,
            "Bootstrap servers of this region's Kafka cluster; capture produces here.");

    public static final Setting<String> PEER_KAFKA = required(
            "peers.<region>.kafka",
            SettingType.HOST_PORTS,
            "Bootstrap servers of a peer region's Kafka cluster; this region's applier consumes that region's changes from it.");

    public static final Setting<String> ZOOKEEPER_CONNECT = required(
            "zookeeper.connect",
            SettingType.HOST_PORTS,
            "ZooKeeper ensemble connect string; the ensemble should span at least three regions.");

    public static final Setting<Duration> ZOOKEEPER_SESSION_TIMEOUT = optional(
                    "zookeeper.session-timeout",
                    SettingType.DURATION,
                    Duration.ofSeconds(2),
                    "ZooKeeper session timeout. A daemon fences its own writes when its session is suspended, before it can expire.")
            .requiring(
                    d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofSeconds(60)) <= 0,
                    "must be between 1s and 60s");

    public static final Setting<String> CAPTURE_EVENT_FORMAT = optional(
            "capture.event-format",
            SettingType.oneOf("protobuf", "json"),
            "protobuf",
            "Wire format of the change events this region ships. Every release reads both; json is for a rolling"
                    + " upgrade from a release that reads json only: keep json in every region until all run this"
                    + " release, then switch to protobuf (cheaper per row).");

    public static final Setting<Duration> CAPTURE_POLL_INTERVAL = optional(
                    "capture.poll-interval",
                    SettingType.DURATION,
                    Duration.ofMillis(5),
                    "How often capture polls the replication slot when idle. Larger values add lag.")
            .requiring(d -> d.toMillis() >= 1 && d.toMillis() <= 5000, "must be between 1ms and 5s");

    public static final Setting<Duration> HEARTBEAT_INTERVAL = optional(
                    "capture.heartbeat-interval",
                    SettingType.DURATION,
                    Duration.ofMillis(200),
                    "How often this region writes a heartbeat row that travels the data path, so peers see lag when idle;"
                            + " a switchover's catch-up completes at the first heartbeat after the fence, so this bounds"
                            + " part of its write pause.")
            .requiring(d -> d.toMillis() >= 10, "must be at least 10ms");

    public static final Setting<Integer> APPLY_BATCH_SIZE = optional(
                    "apply.batch-size",
                    SettingType.INT,
                    500,
                    "Most change events the applier applies in one PostgreSQL transaction (whole source transactions are never split).")
            .requiring(n -> n >= 1 && n <= 100_000, "must be between 1 and 100000");

    public static final Setting<Integer> HTTP_PORT = optional(
                    "http.port",
                    SettingType.INT,
                    8080,
                    "Port of the daemon's HTTP endpoint: status page, /healthz and /metrics. 0 picks a free port.")
            .requiring(p -> p >= 0 && p <= 65535, "must be a TCP port between 0 and 65535");

    public static final Setting<String> HTTP_BIND =
            optional("http.bind", SettingType.STRING, "127.0.0.1", "Address the HTTP endpoint binds to.");

    public static final Setting<Boolean> ROUTER_ENABLED = optional(
            "router.enabled", SettingType.BOOLEAN, false, "Whether this daemon also serves the region router.");

    public static final Setting<Integer> ROUTER_GRPC_PORT = optional(
                    "router.grpc-port", SettingType.INT, 9090, "Port of the router's gRPC endpoint when enabled.")
            .requiring(p -> p >= 0 && p <= 65535, "must be a TCP port between 0 and 65535");

    public static final Setting<Integer> ROUTER_HTTP_PORT = optional(
                    "router.http-port",
                    SettingType.INT,
                    9091,
                    "Port of the router's HTTP/JSON endpoint when enabled; -1 serves gRPC only, 0 picks a free port.")
            .requiring(
                    p -> p >= -1 && p <= 65535, "must be a TCP port between 0 and 65535, or -1 for no HTTP endpoint");

    public static final Setting<Integer> ROUTER_RATE_LIMIT = optional(
                    "router.rate-limit-per-client",
                    SettingType.INT,
                    1000,
                    "Routes per second the router answers for one client id; 0 turns the limit off.")
            .requiring(p -> p >= 0, "must be 0 (off) or a positive number of routes per second");

    public static final Setting<Duration> FAILOVER_DETECTION_TIME = optional(
                    "failover.detection-time",
                    SettingType.DURATION,
                    Duration.ofSeconds(3),
                    "How long a region's membership must stay lost before the leader fails its groups over (after session expiry).")
            .requiring(d -> d.toMillis() >= 100, "must be at least 100ms");

    public static final Setting<Duration> FAILOVER_MAX_LAG = optional(
            "failover.max-lag",
            SettingType.DURATION,
            Duration.ofSeconds(5),
            "A region missing more than this of the failed owner's changes (measured in the owner's commit time, against"
                    + " the WAL position the owner last published) is not promoted unless forced.");

    public static final Setting<Duration> FAILOVER_HOLD_DOWN = optional(
            "failover.hold-down",
            SettingType.DURATION,
            Duration.ofSeconds(60),
            "After a failover of a group, no automatic failover of the same group for this long (prevents flapping).");

    public static final Setting<Integer> FAILOVER_MIN_HEALTHY = optional(
                    "failover.min-healthy-regions",
                    SettingType.INT,
                    2,
                    "Automatic failover happens only while at least this many regions are healthy.")
            .requiring(n -> n >= 1, "must be at least 1");

    public static final Setting<Duration> SWITCHOVER_TIMEOUT = optional(
            "switchover.timeout",
            SettingType.DURATION,
            Duration.ofSeconds(30),
            "A planned switchover that has not handed over within this time rolls back to the old owner.");

    public static final SettingCatalog CATALOG = new SettingCatalog(
            "Region daemon",
            "Settings of `tandem daemon --config region.yaml`. Nested YAML maps spell the dotted keys; "
                    + "an environment variable TANDEM_<KEY> (dots and dashes as underscores) overrides a file value.",
            concat(
                    List.of(
                            CLUSTER,
                            REGION,
                            POSTGRES_URL,
                            POSTGRES_USER,
                            KAFKA_BOOTSTRAP,
                            PEER_KAFKA,
                            ZOOKEEPER_CONNECT,
                            ZOOKEEPER_SESSION_TIMEOUT,
                            CAPTURE_POLL_INTERVAL,
                            CAPTURE_EVENT_FORMAT,
                            HEARTBEAT_INTERVAL,
                            APPLY_BATCH_SIZE,
                            HTTP_PORT,
                            HTTP_BIND,
                            ROUTER_ENABLED,
                            ROUTER_GRPC_PORT,
                            ROUTER_HTTP_PORT,
                            ROUTER_RATE_LIMIT,
                            FAILOVER_DETECTION_TIME,
                            FAILOVER_MAX_LAG,
                            FAILOVER_HOLD_DOWN,
                            FAILOVER_MIN_HEALTHY,
                            SWITCHOVER_TIMEOUT),
                    SecuritySettings.ALL));

    private static List<Setting<?>> concat(List<Setting<?>> first, List<Setting<?>> second) {
        List<Setting<?>> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
