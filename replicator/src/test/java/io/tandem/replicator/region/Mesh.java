package io.tandem.replicator.region;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.embedded.cluster.LocalCluster;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.EventFormat;
import io.tandem.replicator.reconcile.RegionDatabase;
import io.tandem.replicator.reconcile.TableVerifier;
import io.tandem.replicator.reconcile.VerifyReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Three regions in a full mesh on real servers (one PostgreSQL and one Kafka broker each, from
 * {@link LocalCluster}), each running a {@link RegionReplication}. Shared by the acceptance tests.
 */
final class Mesh implements AutoCloseable {
    static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");
    static final String DATABASE = "tandem";
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final LocalCluster cluster;
    private final List<TableSpec> tables;
    private final Map<String, SimpleMeterRegistry> registries = new ConcurrentHashMap<>();
    private final Map<String, RegionReplication> running = new ConcurrentHashMap<>();
    private final Map<String, EventFormat> formats = new ConcurrentHashMap<>();

    private Mesh(LocalCluster cluster, List<TableSpec> tables) {
        this.cluster = cluster;
        this.tables = List.copyOf(tables);
        REGIONS.forEach(r -> registries.put(r, new SimpleMeterRegistry()));
    }

    /** Starts the servers, creates the database and runs {@code ddl} in every region (not yet replicating). */
    static Mesh create(List<TableSpec> tables, String... ddl) throws SQLException {
        LocalCluster cluster = LocalCluster.builder()
                .regions(REGIONS.toArray(String[]::new))
                .zooKeeperNodes(1)
                .start();
        try {
            Mesh mesh = new Mesh(cluster, tables);
            for (String region : REGIONS) {
                cluster.region(region).postgres().createDatabase(DATABASE);
                mesh.exec(region, ddl);
            }
            return mesh;
        } catch (RuntimeException | SQLException e) {
            cluster.close();
            throw e;
        }
    }

    PostgresServer postgres(String region) {
        return cluster.region(region).postgres();
    }

    String kafka(String region) {
        return cluster.region(region).kafka().bootstrapServers();
    }

    DataSource db(String region) {
        return postgres(region).dataSource(DATABASE);
    }

    RegionReplicationSettings settings(String region) {
        PostgresServer pg = postgres(region);
        Map<String, String> peers = new LinkedHashMap<>();
        REGIONS.stream().filter(r -> !r.equals(region)).forEach(r -> peers.put(r, kafka(r)));
        return new RegionReplicationSettings(
                region,
                new DatabaseSettings(pg.host(), pg.port(), DATABASE, pg.user(), null),
                kafka(region),
                peers,
                tables,
                null,
                0,
                Duration.ofMillis(50),
                500,
                Optional.empty(),
                formats.getOrDefault(region, EventFormat.PROTOBUF));
    }

    /** Makes {@code region} ship its changes in {@code format} from its next start. */
    void eventFormat(String region, EventFormat format) {
        formats.put(region, format);
    }

    /** Bootstraps every region first (so every slot exists), then starts every region's replication. */
    void startAll() throws Exception {
        for (String region : REGIONS) {
            RegionReplication.bootstrap(settings(region));
        }
        for (String region : REGIONS) {
            start(region);
        }
    }

    RegionReplication start(String region) throws Exception {
        RegionReplication replication =
                new RegionReplication(settings(region), registries.get(region), Clock.systemUTC());
        if (running.putIfAbsent(region, replication) != null) {
            throw new IllegalStateException("replication of " + region + " already running in this test");
        }
        try {
            replication.start();
        } catch (Exception e) {
            running.remove(region);
            replication.close();
            throw e;
        }
        return replication;
    }

    /** Closes a region's replication at once (appliers, heartbeat, capture), without draining anything. */
    void stop(String region) {
        RegionReplication replication = running.remove(region);
        if (replication != null) {
            replication.close();
        }
    }

    void stopAll() {
        REGIONS.forEach(this::stop);
    }

    RegionReplication replication(String region) {
        return running.get(region);
    }

    SimpleMeterRegistry registry(String region) {
        return registries.get(region);
    }

    /** Sum of a counter over all meters with the given name and tags (0 if none). */
    double count(String region, String name, String... tags) {
        return registries.get(region).find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    void exec(String region, String... sql) throws SQLException {
        try (Connection c = db(region).getConnection();
                Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    List<List<String>> rows(String region, String sql) throws SQLException {
        try (Connection c = db(region).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    long single(String region, String sql) throws SQLException {
        List<List<String>> rows = rows(region, sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException(region + ": expected one value from [" + sql + "], got " + rows);
        }
        return Long.parseLong(rows.get(0).get(0));
    }

    /** Waits until every region's replication is healthy and the table is identical everywhere. */
    VerifyReport awaitConsistent(TableSpec table, Duration deadline) {
        List<RegionDatabase> dbs =
                REGIONS.stream().map(r -> new RegionDatabase(r, db(r))).toList();
        AtomicReference<VerifyReport> last = new AtomicReference<>();
        try {
            await().atMost(deadline).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertHealthy();
                VerifyReport report = new TableVerifier(table, dbs).verify();
                last.set(report);
                return report.consistent();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            VerifyReport report = last.get();
            throw new AssertionError(
                    table.name() + " not consistent after " + deadline + ": "
                            + (report == null
                                    ? "never verified"
                                    : report.rowsByRegion() + " rows, "
                                            + report.differences().size() + " differences, first: "
                                            + report.differences()
                                                    .subList(
                                                            0,
                                                            Math.min(
                                                                    2,
                                                                    report.differences()
                                                                            .size()))),
                    e);
        }
        return last.get();
    }

    /** Waits until a query returns the same rows in every region (and every replication is healthy). */
    void awaitSameRows(String sql) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertHealthy();
            List<List<String>> first = rows(REGIONS.get(0), sql);
            for (String region : REGIONS.subList(1, REGIONS.size())) {
                org.junit.jupiter.api.Assertions.assertEquals(
                        first, rows(region, sql), region + " vs " + REGIONS.get(0) + ": " + sql);
            }
        });
    }

    /** Fails fast if a running region's capture or applier failed, with its cause. */
    void assertHealthy() {
        running.forEach((region, replication) -> {
            if (replication.captureState().orElseThrow() == io.tandem.replicator.ship.CaptureSupervisor.State.GAVE_UP) {
                throw new AssertionError(
                        region + ": capture gave up",
                        replication.captureFailure().orElse(null));
            }
            replication.applierStates().forEach((peer, state) -> {
                if (state == io.tandem.replicator.apply.ApplierState.FAILED) {
                    throw new AssertionError(
                            region + ": applier of " + peer + " failed",
                            replication.applier(peer).flatMap(a -> a.failure()).orElse(null));
                }
            });
        });
    }

    @Override
    public void close() {
        try {
            stopAll();
        } finally {
            cluster.close();
        }
    }
}
