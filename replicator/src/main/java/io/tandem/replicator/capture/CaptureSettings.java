package io.tandem.replicator.capture;

import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.connection.DatabaseTls;
import io.tandem.replicator.schema.ReplicationNames;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What capture needs for one region's database. The password is kept out of {@link #toString()}.
 *
 * @param names the region's publication, slot and topic names
 * @param host database host
 * @param port database port
 * @param database database name
 * @param user a user with the REPLICATION attribute (or superuser) that owns the replicated tables
 * @param password the user's password, or null for trust/peer authentication
 * @param tables the replicated tables, as bootstrapped
 * @param pollInterval how long the engine waits for more changes before handing over a batch;
 *     Debezium's 500 ms default alone adds half a second of lag, so keep it small (default 5 ms)
 * @param maxBatchSize the largest batch the engine hands over (default 2048)
 * @param tls TLS of capture's connections (Debezium's, the offset store's, the heartbeat's)
 * @param offsetCommitInterval how often the position of what Kafka acknowledged is committed (to
 *     {@code tandem.capture_offsets} and the slot); zero commits after every batch. Each commit is a
 *     durable write on the region's own database: at 1,000 tx/s one per batch made 46 extra commits a
 *     second there, 1 s makes ~3 (heartbeats included). A capture process that crashes ships again what
 *     Kafka acknowledged since the last commit, and appliers skip those changes (their versions are not
 *     newer); a clean stop, and a stop on a shipping failure, commit at once. Debezium's engine commits
 *     through two committers (after a batch, and on a poll that found nothing), each at most once per
 *     interval. Default 1 s.
 */
public record CaptureSettings(
        ReplicationNames names,
        String host,
        int port,
        String database,
        String user,
        String password,
        List<TableSpec> tables,
        Duration pollInterval,
        int maxBatchSize,
        DatabaseTls tls,
        Duration offsetCommitInterval) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(5);
    public static final int DEFAULT_MAX_BATCH_SIZE = 2048;
    public static final Duration DEFAULT_OFFSET_COMMIT_INTERVAL = Duration.ofSeconds(1);

    public CaptureSettings {
        Objects.requireNonNull(names, "names");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("capture for region " + names.region() + " needs a database host");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("capture for region " + names.region() + ": database port " + port
                    + " is not a TCP port (1-65535)");
        }
        if (database == null || database.isBlank() || user == null || user.isBlank()) {
            throw new IllegalArgumentException(
                    "capture for region " + names.region() + " needs a database name and user");
        }
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("capture for region " + names.region() + " has no tables to replicate");
        }
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("capture poll interval must be positive, got " + pollInterval);
        }
        maxBatchSize = maxBatchSize <= 0 ? DEFAULT_MAX_BATCH_SIZE : maxBatchSize;
        tls = tls == null ? DatabaseTls.DEFAULT : tls;
        offsetCommitInterval = offsetCommitInterval == null ? DEFAULT_OFFSET_COMMIT_INTERVAL : offsetCommitInterval;
        if (offsetCommitInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "capture offset commit interval must not be negative, got " + offsetCommitInterval);
        }
    }

    /** Settings with PgJDBC's default TLS ({@code sslmode=prefer}). */
    public CaptureSettings(
            ReplicationNames names,
            String host,
            int port,
            String database,
            String user,
            String password,
            List<TableSpec> tables,
            Duration pollInterval,
            int maxBatchSize) {
        this(
                names,
                host,
                port,
                database,
                user,
                password,
                tables,
                pollInterval,
                maxBatchSize,
                DatabaseTls.DEFAULT,
                null);
    }

    /** These settings committing the capture position every {@code interval} (zero: after every batch). */
    public CaptureSettings withOffsetCommitInterval(Duration interval) {
        return new CaptureSettings(
                names, host, port, database, user, password, tables, pollInterval, maxBatchSize, tls, interval);
    }

    /** Settings with the defaults for poll interval and batch size. */
    public static CaptureSettings of(
            ReplicationNames names,
            String host,
            int port,
            String database,
            String user,
            String password,
            List<TableSpec> tables) {
        return new CaptureSettings(names, host, port, database, user, password, tables, null, 0);
    }

    /** The JDBC URL, with the TLS settings as parameters. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?" + tls.urlParameters();
    }

    @Override
    public String toString() {
        return "CaptureSettings[region=" + names.region() + ", " + user + "@" + host + ":" + port + "/" + database
                + ", tables=" + tables.stream().map(TableSpec::name).toList() + ", pollInterval=" + pollInterval
                + ", maxBatchSize=" + maxBatchSize + ", offsetCommitInterval=" + offsetCommitInterval + ", " + tls
                + "]";
    }
}
