package io.tandem.replicator.capture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.metrics.ReplicationMetrics;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.tandem.replicator.testing.CollectingSink;
import io.tandem.replicator.testing.TestPostgres;
import io.tandem.replicator.testing.TestPostgres.Db;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class CaptureTest {
    static final ReplicationNames US_EAST = new ReplicationNames("us-east");
    static final List<TableSpec> TABLES = List.of(
            new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, null, null, null),
            new TableSpec("public.lines", List.of("order_id", "line"), TableMode.MULTI_WRITER, null, null, null));
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private Db db;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Capture> captures = new ArrayList<>();

    @BeforeEach
    void bootstrap() throws SQLException {
        db = TestPostgres.newDatabase();
        db.execute(
                "CREATE TABLE public.orders (id bigint PRIMARY KEY, status text, amount numeric(10,2),"
                        + " placed_at timestamptz, day date, blob bytea, doc jsonb)",
                "CREATE TABLE public.lines (order_id bigint, line int, sku text, PRIMARY KEY (order_id, line))");
        try (Connection c = db.connect()) {
            new SchemaBootstrap(US_EAST, TABLES).run(c);
        }
    }

    @AfterEach
    void stop() throws SQLException {
        captures.forEach(Capture::close);
        db.dropSlots();
    }

    private Capture capture(ChangeSink sink) {
        return capture(sink, settings(db));
    }

    private Capture capture(ChangeSink sink, CaptureSettings settings) {
        Capture capture = new Capture(settings, sink, new ReplicationMetrics(registry, "us-east"));
        captures.add(capture);
        capture.start();
        return capture;
    }

    static CaptureSettings settings(Db db) {
        return CaptureSettings.of(US_EAST, "localhost", db.port(), db.name(), "postgres", null, TABLES);
    }

    private Map<String, Object> metadata(String table, String where) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT tandem_vv::text, tandem_hlc, tandem_origin FROM " + table + " WHERE " + where)) {
            assertTrue(rs.next());
            return Map.of(
                    "vv",
                    EventConverter.canonicalVector(rs.getString(1)),
                    "hlc",
                    rs.getLong(2),
                    "origin",
                    rs.getString(3));
        }
    }

    @Test
    void localWritesAreCapturedInOrderWithMetadataAndTransactionGrouping() throws Exception {
        CollectingSink sink = new CollectingSink();
        capture(sink);
        db.execute("INSERT INTO public.orders (id, status, amount, placed_at, day, blob, doc) VALUES"
                + " (1, 'new', 19.90, '2026-11-25 10:00:00.123456+00', '2026-11-25', '\\xdeadbeef', '{\"a\": 1}')");
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO public.lines VALUES (1, 1, 'apple'), (1, 2, 'pear')");
                s.execute("UPDATE public.orders SET status = 'paid' WHERE id = 1");
            }
            c.commit();
        }

        await().atMost(DEADLINE).until(() -> sink.events().size() >= 4);

        List<CapturedTransaction> txs = sink.transactions();
        assertEquals(2, txs.size(), "two source transactions: " + txs);
        ChangeEvent insert = txs.get(0).events().get(0);
        assertEquals("public.orders", insert.table());
        assertEquals(ChangeOp.UPSERT, insert.op());
        assertEquals(Map.of("id", 1L), insert.key());
        assertEquals("19.90", insert.row().get("amount"));
        assertEquals("2026-11-25T10:00:00.123456Z", insert.row().get("placed_at"));
        assertEquals("2026-11-25", insert.row().get("day"));
        assertEquals("\\xdeadbeef", insert.row().get("blob"));
        assertFalse(
                insert.row().keySet().stream().anyMatch(k -> k.startsWith("tandem_")),
                insert.row().toString());
        assertEquals("{\"us-east\":1}", insert.versionVector());
        assertEquals("us-east", insert.origin());
        assertEquals("us-east", insert.sourceRegion());
        assertTrue(insert.tx().last() && insert.tx().index() == 0);

        List<ChangeEvent> second = txs.get(1).events();
        assertEquals(
                List.of("public.lines", "public.lines", "public.orders"),
                second.stream().map(ChangeEvent::table).toList());
        assertEquals(List.of(0, 1, 2), second.stream().map(e -> e.tx().index()).toList());
        assertEquals(
                List.of(false, false, true),
                second.stream().map(e -> e.tx().last()).toList());
        assertEquals(1, second.stream().map(e -> e.tx().id()).distinct().count());
        assertTrue(second.get(0).tx().lsn() <= second.get(2).tx().lsn());
        assertEquals(Map.of("order_id", 1L, "line", 2), second.get(1).key());
        assertEquals("public.lines|[1, 2]", second.get(1).partitionKey());
        ChangeEvent update = second.get(2);
        assertEquals("paid", update.row().get("status"));
        Map<String, Object> stored = metadata("public.orders", "id = 1");
        assertEquals(stored.get("vv"), update.versionVector());
        assertEquals(stored.get("hlc"), update.hlc());
        assertEquals("{\"us-east\":2}", update.versionVector());
        assertTrue(registry.get("tandem.capture.events")
                        .tag("table", "public.lines")
                        .counter()
                        .count()
                >= 2);
    }

    @Test
    void aDeleteIsShippedAsADeleteCarryingTheTombstoneVersion() throws Exception {
        CollectingSink sink = new CollectingSink();
        capture(sink);
        db.execute("INSERT INTO public.lines VALUES (7, 1, 'fig')", "DELETE FROM public.lines WHERE order_id = 7");

        await().atMost(DEADLINE).until(() -> sink.events().size() >= 2);

        ChangeEvent delete = sink.events().get(1);
        assertEquals(ChangeOp.DELETE, delete.op());
        assertEquals("public.lines", delete.table());
        assertEquals(List.of("order_id", "line"), List.copyOf(delete.key().keySet()), "key in primary-key order");
        assertEquals(sink.events().get(0).partitionKey(), delete.partitionKey());
        assertEquals("{\"us-east\":2}", delete.versionVector());
        assertEquals("us-east", delete.origin());
        assertTrue(delete.row().isEmpty());
        assertTrue(delete.hlc() > sink.events().get(0).hlc());
        assertTrue(delete.tx().last());
    }

    @Test
    void applierWritesAreNotCapturedButLocalOnesAre() throws Exception {
        // the publication's row filters keep the applier's writes on the server: capture never sees them
        assertEquals(0.0, applierAndLocalWrites());
    }

    @Test
    void withoutRowFiltersCaptureDropsTheApplierWritesItself() throws Exception {
        // as on PostgreSQL 14, whose publications cannot filter rows
        db.execute("ALTER PUBLICATION tandem_us_east SET TABLE public.orders, public.lines, tandem.tombstones,"
                + " tandem.heartbeat");
        assertEquals(2.0, applierAndLocalWrites());
    }

    /**
     * Writes an applied row, an applied tombstone and a peer's heartbeat, then a local heartbeat and a
     * local row; asserts only the local ones are shipped; returns the applied-by-tandem drop count.
     */
    private double applierAndLocalWrites() throws Exception {
        CollectingSink sink = new CollectingSink();
        capture(sink);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL tandem.apply = 'on'");
                s.execute("INSERT INTO public.orders (id, status, tandem_vv, tandem_hlc, tandem_origin,"
                        + " tandem_applied_from) VALUES (50, 'remote', '{\"eu-west\": 1}', 1, 'eu-west', 'eu-west')");
                s.execute("INSERT INTO tandem.tombstones (table_name, pk, tandem_vv, tandem_hlc, tandem_origin,"
                        + " tandem_applied_from) VALUES ('public.orders', '{\"id\": 51}', '{\"eu-west\": 3}', 2,"
                        + " 'eu-west', 'eu-west')");
                s.execute("INSERT INTO tandem.heartbeat VALUES ('eu-west', 9, now())");
            }
            c.commit();
        }
        db.execute(
                "INSERT INTO tandem.heartbeat VALUES ('us-east', 1, now())",
                "INSERT INTO public.orders (id, status) VALUES (52, 'local')");

        await().atMost(DEADLINE)
                .until(() -> sink.events().stream().anyMatch(e -> e.key().equals(Map.of("id", 52L))));

        List<String> shipped =
                sink.events().stream().map(e -> e.table() + e.key()).toList();
        assertEquals(List.of("tandem.heartbeat{region=us-east}", "public.orders{id=52}"), shipped);
        var meta = io.tandem.resolver.row.RowMeta.parseJson(sink.events().get(1).meta());
        assertEquals("us-east", meta.siblings().get(0).origin());
        assertEquals("local", meta.siblings().get(0).values().get("status"));
        return registry.find("tandem.capture.dropped").tag("reason", "applied-by-tandem").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void restartAfterAFailedShipResendsWhatWasNotCommittedAndNothingElse() throws Exception {
        CollectingSink failing = new CollectingSink(
                tx -> tx.events().stream().anyMatch(e -> e.key().equals(Map.of("id", 2L))));
        // Committing after every batch: what is re-sent is exactly the transaction whose shipping failed.
        Capture first = capture(failing, settings(db).withOffsetCommitInterval(Duration.ZERO));
        db.execute("INSERT INTO public.orders (id, status) VALUES (1, 'a')");
        await().atMost(DEADLINE).until(() -> failing.events().size() == 1);
        db.execute("INSERT INTO public.orders (id, status) VALUES (2, 'b')");
        await().atMost(DEADLINE).until(() -> first.state() == Capture.State.FAILED);
        first.close();
        assertTrue(first.failure().isPresent());

        db.execute("INSERT INTO public.orders (id, status) VALUES (3, 'c')");
        CollectingSink second = new CollectingSink();
        capture(second, settings(db).withOffsetCommitInterval(Duration.ZERO));

        await().atMost(DEADLINE).until(() -> second.events().size() >= 2);
        assertEquals(
                List.of(Map.of("id", 2L), Map.of("id", 3L)),
                second.events().stream().map(ChangeEvent::key).toList(),
                "the failed transaction is sent again, the committed one is not");

        // A clean stop and start re-delivers nothing.
        captures.get(1).close();
        CollectingSink third = new CollectingSink();
        capture(third, settings(db).withOffsetCommitInterval(Duration.ZERO));
        db.execute("INSERT INTO public.orders (id, status) VALUES (4, 'd')");
        await().atMost(DEADLINE).until(() -> !third.events().isEmpty());
        assertEquals(
                List.of(Map.of("id", 4L)),
                third.events().stream().map(ChangeEvent::key).toList());
    }

    /**
     * The position is committed every {@code offsetCommitInterval} (default 1 s) instead of after every
     * batch: shipping does not write it, a clean stop does (a restart then re-sends nothing), and so does a
     * stop on a shipping failure (only a crash of the process re-sends what Kafka acknowledged since the
     * last commit; appliers skip those changes, as the chaos suite's killed daemons and rewound appliers
     * show).
     */
    @Test
    void thePositionIsCommittedPerIntervalAndOnStopNotPerBatch() throws Exception {
        assertEquals(
                CaptureSettings.DEFAULT_OFFSET_COMMIT_INTERVAL, settings(db).offsetCommitInterval());
        CaptureSettings hourly = settings(db).withOffsetCommitInterval(Duration.ofHours(1));
        CollectingSink sink = new CollectingSink();
        Capture first = capture(sink, hourly);
        // Debezium's engine commits through two committers (after a batch, and on a poll that found
        // nothing), each at once the first time it has something to commit, then once per interval: two
        // transactions shipped in separate batches, then a second without a commit, are past both.
        db.execute("INSERT INTO public.orders (id, status) VALUES (11, 'a')");
        await().atMost(DEADLINE).until(() -> sink.events().size() == 1);
        db.execute("INSERT INTO public.orders (id, status) VALUES (12, 'b')");
        await().atMost(DEADLINE).until(() -> sink.events().size() == 2);
        AtomicReference<String> seen = new AtomicReference<>(committedOffsets());
        await().atMost(DEADLINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String now = committedOffsets();
            return now.equals(seen.getAndSet(now));
        });
        String before = committedOffsets();
        db.execute("INSERT INTO public.orders (id, status) VALUES (13, 'c')");
        await().atMost(DEADLINE).until(() -> sink.events().size() == 3);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> before.equals(committedOffsets()));

        first.close();
        assertFalse(before.equals(committedOffsets()), "a clean stop commits it");
        CollectingSink second = new CollectingSink();
        capture(second, hourly);
        db.execute("INSERT INTO public.orders (id, status) VALUES (14, 'd')");
        await().atMost(DEADLINE).until(() -> !second.events().isEmpty());
        assertEquals(
                List.of(Map.of("id", 14L)),
                second.events().stream().map(ChangeEvent::key).toList(),
                "nothing shipped before the clean stop is sent again");
    }

    /** The stored capture position, as text ("none" before the first commit). */
    private String committedOffsets() throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT coalesce(encode(offsets, 'escape'), 'none') FROM tandem.capture_offsets"
                                + " UNION ALL SELECT 'none' LIMIT 1")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void heartbeatsTravelTheDataPath() {
        CollectingSink sink = new CollectingSink();
        capture(sink);
        Heartbeat heartbeat = Heartbeat.start(settings(db), Duration.ofMillis(50));
        try {
            await().atMost(DEADLINE).until(() -> sink.events().size() >= 2);
        } finally {
            heartbeat.close();
        }
        ChangeEvent beat = sink.events().get(1);
        assertEquals("tandem.heartbeat", beat.table());
        assertEquals(Map.of("region", "us-east"), beat.key());
        assertEquals(2L, beat.row().get("beat"));
        assertEquals("{\"us-east\":2}", beat.versionVector());
        assertTrue(beat.tx().last());
    }

    @Test
    void aLostSlotIsRefusedInsteadOfSilentlySkippingChanges() throws Exception {
        CollectingSink sink = new CollectingSink();
        Capture first = capture(sink);
        db.execute("INSERT INTO public.orders (id, status) VALUES (1, 'a')");
        await().atMost(DEADLINE).until(() -> sink.events().size() == 1);
        first.close();
        db.dropSlots();

        Capture second = new Capture(settings(db), new CollectingSink(), new ReplicationMetrics(registry, "us-east"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(CaptureGapException.class, second::start);
        assertTrue(
                e.getMessage().contains("tandem_us_east") && e.getMessage().contains("tandem verify"), e.getMessage());
        assertEquals(Capture.State.NEW, second.state());
    }

    @Test
    void aSlotAheadOfTheCommittedPositionIsReportedAsAGap() throws Exception {
        CollectingSink sink = new CollectingSink();
        Capture first = capture(sink);
        db.execute("INSERT INTO public.orders (id, status) VALUES (1, 'a')");
        await().atMost(DEADLINE).until(() -> sink.events().size() == 1);
        first.close();
        db.execute(
                "INSERT INTO public.orders (id, status) VALUES (2, 'consumed elsewhere')",
                "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE active_pid IS NOT NULL"
                        + " AND database = current_database()");
        await().atMost(DEADLINE).until(() -> {
            try {
                db.execute("SELECT pg_replication_slot_advance('tandem_us_east', pg_current_wal_lsn())");
                return true;
            } catch (SQLException stillActive) {
                return false;
            }
        });

        Capture second = capture(new CollectingSink());

        assertTrue(second.gapDetected());
    }

    @Test
    void aDatabaseWithoutTheTandemSchemaIsRefusedAskingForInit() throws Exception {
        Db bare = TestPostgres.newDatabase();
        Capture capture =
                new Capture(settings(bare), new CollectingSink(), new ReplicationMetrics(registry, "us-east"));

        var e = org.junit.jupiter.api.Assertions.assertThrows(CaptureStartException.class, capture::start);

        assertTrue(e.getMessage().contains("run tandem init"), e.getMessage());
        assertFalse(e.retriable());
    }
}
