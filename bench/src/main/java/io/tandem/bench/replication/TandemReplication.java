package io.tandem.bench.replication;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.embedded.cluster.Region;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.region.DatabaseSettings;
import io.tandem.replicator.region.RegionReplication;
import io.tandem.replicator.region.RegionReplicationSettings;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The orders workload from region A to region B through Tandem: A's capture + ship to A's Kafka,
 * B's applier of A's topic. {@code public.orders} is a multi-writer last-writer-wins table.
 */
final class TandemReplication implements AutoCloseable {
    static final String DATABASE = "tandem_bench";
    static final TableSpec ORDERS = new TableSpec(
            OrdersWorkload.TABLE, List.of("id"), TableMode.MULTI_WRITER, "lww", Set.of(), Optional.empty());

    private final RegionReplicationSettings a;
    private final RegionReplicationSettings b;
    private final DataSource source;
    private final DataSource target;
    private RegionReplication sending;
    private RegionReplication receiving;
    private final List<java.nio.file.Path> dataDirectories;
    private CpuMeter.Used catchUpCpu;
    private double captureCeiling = Double.NaN;

    /** Creates the databases and tables and runs {@code tandem init} on both (slots exist from here). */
    TandemReplication(Region regionA, Region regionB) throws SQLException {
        PostgresServer pa = regionA.postgres();
        PostgresServer pb = regionB.postgres();
        pa.createDatabase(DATABASE);
        pb.createDatabase(DATABASE);
        this.source = pa.dataSource(DATABASE);
        this.target = pb.dataSource(DATABASE);
        this.dataDirectories = List.of(pa.dataDirectory(), pb.dataDirectory());
        OrdersWorkload.createTable(source);
        OrdersWorkload.createTable(target);
        OrdersWorkload.installLagTrigger(target);
        String kafkaA = regionA.kafka().bootstrapServers();
        String kafkaB = regionB.kafka().bootstrapServers();
        this.a = settings(regionA.name(), pa, kafkaA, Map.of());
        this.b = settings(regionB.name(), pb, kafkaB, Map.of(regionA.name(), kafkaA));
        RegionReplication.bootstrap(a);
        RegionReplication.bootstrap(b);
    }

    private static RegionReplicationSettings settings(
            String region, PostgresServer pg, String kafka, Map<String, String> peers) {
        return new RegionReplicationSettings(
                region,
                new DatabaseSettings(pg.host(), pg.port(), DATABASE, pg.user(), null),
                kafka,
                peers,
                List.of(ORDERS),
                Duration.ofMillis(5),
                2048,
                Duration.ofMillis(20),
                2000,
                Optional.empty());
    }

    /**
     * Loads a backlog on A while nothing replicates (A's slot keeps it), then starts A's capture and
     * B's applier and measures until every row is visible on B.
     */
    double catchUpRowsPerSecond(long first, long rows, int batch, Duration timeout) throws Exception {
        boolean ceiling = !"false".equals(System.getProperty("ceiling"));
        if (ceiling) {
            CaptureCeiling.createSlot(source);
        }
        long loadStarted = System.nanoTime();
        OrdersWorkload.load(source, first, rows, batch);
        System.err.printf(
                java.util.Locale.ROOT,
                "tandem: backlog of %d rows loaded on %s at %.0f rows/s (local writes through the triggers)%n",
                rows,
                a.region(),
                rows / ((System.nanoTime() - loadStarted) / 1e9));
        if (ceiling) {
            CpuMeter.Snapshot before = CpuMeter.now(dataDirectories);
            captureCeiling = CaptureCeiling.rowsPerSecond(RegionReplication.captureSettings(a), rows, timeout);
            CaptureCeiling.dropSlot(source);
            System.err.printf(
                    java.util.Locale.ROOT,
                    "capture ceiling (Debezium's engine alone, counting rows): %.0f rows/s, JVM CPU %.0f us/row"
                            + " (the walsender's is not counted: it ended with the engine)%n",
                    captureCeiling,
                    CpuMeter.since(before).jvmSeconds() * 1e6 / rows);
        }
        long started = System.nanoTime();
        CpuMeter.Snapshot cpu = CpuMeter.now(dataDirectories);
        try (AutoCloseable progress = StageProgress.startIfAsked(
                a.kafkaBootstrap(), "tandem." + a.region() + ".changes", target, a.region())) {
            sending = new RegionReplication(a, new SimpleMeterRegistry(), Clock.systemUTC());
            sending.start();
            receiving = new RegionReplication(b, new SimpleMeterRegistry(), Clock.systemUTC());
            receiving.start();
            long visible = Visibility.await(target, first, first + rows - 1, timeout, Duration.ofMillis(10));
            catchUpCpu = CpuMeter.since(cpu);
            if (Boolean.getBoolean("progress")) {
                System.err.println("tandem: catch-up cpu by thread: " + CpuMeter.threadsSince(cpu, 14));
            }
            return rows / ((visible - started) / 1e9);
        }
    }

    /** Rows per second of Debezium's engine alone on the same backlog (NaN with -Dceiling=false). */
    double captureCeiling() {
        return captureCeiling;
    }

    /** Steady single-row inserts on A with everything running; lag per row as B sees it. */
    LagReport lag(long first, int rate, Duration duration) throws SQLException, InterruptedException {
        if (sending == null || receiving == null) {
            throw new IllegalStateException("measure the catch-up first: it starts replication");
        }
        long since = System.currentTimeMillis();
        CpuMeter.Snapshot cpu = CpuMeter.now(dataDirectories);
        long commitsBefore = commits(source);
        long written = SteadyWriter.run(source, first, rate, duration, 4);
        if (Boolean.getBoolean("progress")) {
            System.err.println("tandem: lag phase " + CpuMeter.since(cpu).perRow(written) + "; by thread: "
                    + CpuMeter.threadsSince(cpu, 10));
            Thread.sleep(1500); // PostgreSQL publishes a backend's counters at most once a second
            System.err.printf(
                    java.util.Locale.ROOT,
                    "tandem: lag phase: %d commits on the source database besides the %d written transactions%n",
                    commits(source) - commitsBefore - written,
                    written);
        }
        Visibility.await(target, first, first + written - 1, Duration.ofMinutes(2), Duration.ofMillis(10));
        if (Boolean.getBoolean("progress")) {
            System.err.println("tandem: lag by second:" + LagReport.timeline(target, first, first + written - 1));
            System.err.println("tandem: capture's share of the lag: "
                    + CaptureDelay.since(a.kafkaBootstrap(), "tandem." + a.region() + ".changes", since));
        }
        return LagReport.of(target, first, first + written - 1);
    }

    private static long commits(DataSource db) throws SQLException {
        try (var c = db.getConnection();
                var s = c.createStatement();
                var rs =
                        s.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** CPU used by the catch-up (startup included). */
    CpuMeter.Used catchUpCpu() {
        return catchUpCpu;
    }

    @Override
    public void close() {
        try {
            if (receiving != null) {
                receiving.close();
            }
        } finally {
            if (sending != null) {
                sending.close();
            }
        }
    }
}
