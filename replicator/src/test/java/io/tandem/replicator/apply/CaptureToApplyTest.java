package io.tandem.replicator.apply;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.replicator.capture.Capture;
import io.tandem.replicator.capture.CaptureSettings;
import io.tandem.replicator.capture.CapturedTransaction;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.metrics.ReplicationMetrics;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.tandem.replicator.testing.TestPostgres;
import io.tandem.replicator.testing.TestPostgres.Db;
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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The capture side's real events (Debezium on us-east's database) applied to eu-west's database by a
 * {@link SourceApplier}, with an in-memory topic in place of Kafka: checks that the two sides agree on
 * the event contract (values, keys, deletes as tombstones, transactions, metadata).
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class CaptureToApplyTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final List<TableSpec> TABLES = List.of(
            new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, "lww", Set.of(), Optional.empty()),
            new TableSpec(
                    "public.lines",
                    List.of("order_id", "line"),
                    TableMode.MULTI_WRITER,
                    "lww",
                    Set.of(),
                    Optional.empty()));

    private Db usEast;
    private Db euWest;
    private Capture capture;
    private SourceApplier applier;
    private final InMemoryTopic topic = new InMemoryTopic();
    private final ChangeEventCodec codec = new ChangeEventCodec();

    @BeforeEach
    void start() throws Exception {
        usEast = TestPostgres.newDatabase();
        euWest = TestPostgres.newDatabase();
        for (Db db : List.of(usEast, euWest)) {
            db.execute(
                    "CREATE TABLE public.orders (id bigint PRIMARY KEY, status text, amount numeric(10,2),"
                            + " placed_at timestamptz, day date, blob bytea, doc jsonb)",
                    "CREATE TABLE public.lines (order_id bigint, line int, sku text, PRIMARY KEY (order_id, line))");
        }
        try (Connection c = usEast.connect()) {
            new SchemaBootstrap(new ReplicationNames("us-east"), TABLES).run(c);
        }
        try (Connection c = euWest.connect()) {
            new SchemaBootstrap(new ReplicationNames("eu-west"), TABLES).run(c);
        }
        capture = new Capture(
                CaptureSettings.of(
                        new ReplicationNames("us-east"),
                        "localhost",
                        usEast.port(),
                        usEast.name(),
                        "postgres",
                        null,
                        TABLES),
                transactions -> {
                    for (CapturedTransaction tx : transactions) {
                        for (ChangeEvent event : tx.events()) {
                            topic.append(codec.encode(event));
                        }
                    }
                },
                new ReplicationMetrics(new SimpleMeterRegistry(), "us-east"));
        capture.start();
        assertTrue(capture.awaitStreaming(DEADLINE), "capture did not start streaming");

        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setUrl(euWest.jdbcUrl());
        Map<String, TableSpec> tables = new LinkedHashMap<>();
        TABLES.forEach(t -> tables.put(t.name(), t));
        applier = new SourceApplier(
                new ApplierSettings(
                        "us-east", tables, Duration.ofMillis(20), 500, 3, Duration.ofMillis(50), Duration.ofSeconds(1)),
                target,
                () -> topic.open(500),
                new LibraryResolver(tables.values(), Clock.systemUTC()),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        applier.start();
    }

    @AfterEach
    void stop() throws SQLException {
        if (applier != null) {
            applier.close();
        }
        if (capture != null) {
            capture.close();
        }
        usEast.dropSlots();
        euWest.dropSlots();
    }

    private static List<List<String>> rows(Db db, String sql) throws SQLException {
        try (Connection c = db.connect();
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

    @Test
    void writesInUsEastArriveInEuWestWithTheirMetadataAndDeletesLeaveTombstones() throws Exception {
        usEast.execute(
                "INSERT INTO public.orders VALUES (1, 'new', 19.90, '2026-11-25 10:00:00.123456+00', '2026-11-25',"
                        + " '\\xdeadbeef', '{\"a\": 1}'), (2, 'new', 5.00, NULL, NULL, NULL, NULL)");
        try (Connection c = usEast.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO public.lines VALUES (1, 1, 'apple'), (1, 2, 'pear')");
                s.execute("UPDATE public.orders SET status = 'paid' WHERE id = 1");
            }
            c.commit();
        }
        usEast.execute(
                "DELETE FROM public.orders WHERE id = 2", "DELETE FROM public.lines WHERE order_id = 1 AND line = 2");

        String data = "SELECT id, status, amount, placed_at AT TIME ZONE 'UTC', day, blob, doc, tandem_vv, tandem_hlc,"
                + " tandem_origin FROM public.orders ORDER BY id";
        await().atMost(DEADLINE).until(() -> rows(euWest, "SELECT count(*) FROM tandem.tombstones")
                .equals(List.of(List.of("2"))));
        assertEquals(rows(usEast, data), rows(euWest, data));
        assertEquals(
                rows(usEast, "SELECT order_id, line, sku, tandem_vv FROM public.lines ORDER BY 1, 2"),
                rows(euWest, "SELECT order_id, line, sku, tandem_vv FROM public.lines ORDER BY 1, 2"));
        String tombstones =
                "SELECT table_name, pk, tandem_vv, tandem_hlc, tandem_origin FROM tandem.tombstones ORDER BY 1, 2";
        assertEquals(rows(usEast, tombstones), rows(euWest, tombstones));
        assertEquals(
                List.of(List.of("us-east")),
                rows(euWest, "SELECT DISTINCT tandem_applied_from FROM public.orders"),
                "applied rows are marked so capture does not ship them back");
        assertEquals(List.of(), rows(euWest, "SELECT reason FROM tandem.dead_letter"));
        assertEquals(List.of(), rows(euWest, "SELECT reason FROM tandem.parked_changes"));
    }
}
