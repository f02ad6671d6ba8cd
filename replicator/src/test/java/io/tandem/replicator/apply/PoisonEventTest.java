package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static io.tandem.replicator.apply.Events.single;
import static io.tandem.replicator.apply.Events.tx;
import static io.tandem.replicator.apply.Events.upsert;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class PoisonEventTest {
    private static final long T = 1_764_000_000_000L;
    private static TestDatabase db;
    private Feeder feeder;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void freshTables() {
        db.execute(
                "DROP TABLE IF EXISTS public.orders; TRUNCATE tandem.tombstones, tandem.conflict_log,"
                        + " tandem.dead_letter, tandem.apply_position, tandem.parked_changes;"
                        + " CREATE TABLE public.orders (id bigint PRIMARY KEY, status text NOT NULL, qty int CHECK (qty >= 0),"
                        + " tandem_vv jsonb, tandem_hlc bigint, tandem_origin text, tandem_meta jsonb, tandem_applied_from text)");
        db.instrument("public.orders");
        feeder = new Feeder(db, "us-east", Feeder.tables("lww", "public.orders", "public.ghost"));
    }

    private static io.tandem.replicator.event.ChangeEvent order(long id, Object qty, String txId) {
        return upsert(
                "us-east",
                "public.orders",
                id,
                Map.of("status", "s" + id, "qty", qty),
                "{\"us-east\":" + id + "}",
                hlc(T, (int) id),
                single(txId));
    }

    @Test
    void undecodableRecordGoesToDeadLetterWithItsPayloadAndLaterRowsApply() throws Exception {
        byte[] garbage = "{\"v\":1,\"event\":{\"table\":".getBytes(StandardCharsets.UTF_8);
        BatchResult result = feeder.feedRaw(
                List.of(feeder.codec.encode(order(1, 1, "1")), garbage, feeder.codec.encode(order(2, 2, "2"))));
        assertEquals(1, result.deadLettered());
        assertEquals(2, db.count("SELECT count(*) FROM public.orders"));
        List<String> dead = db.rows("SELECT source_region, topic, kafka_offset, reason FROM tandem.dead_letter")
                .get(0);
        assertEquals(List.of("us-east", "tandem.us-east.changes", "1"), dead.subList(0, 3));
        assertTrue(dead.get(3).contains("malformed"), dead.get(3));
        try (var connection = db.connect();
                var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT payload FROM tandem.dead_letter")) {
            rs.next();
            assertArrayEquals(garbage, rs.getBytes(1));
        }
        assertEquals(3, result.position().nextOffset());
        assertEquals(1.0, feeder.counter("tandem.apply.dead_lettered", "unknown"));
    }

    @Test
    void valueOfTheWrongTypeIsDeadLetteredAndTheRestOfTheBatchApplies() throws Exception {
        BatchResult result = feeder.feed(order(1, 1, "1"), order(2, "not-a-number", "2"), order(3, 3, "3"));
        assertEquals(1, result.deadLettered());
        assertEquals(List.of(List.of("1"), List.of("3")), db.rows("SELECT id FROM public.orders ORDER BY id"));
        List<String> dead = db.rows("SELECT kafka_offset, table_name, pk::text, reason FROM tandem.dead_letter")
                .get(0);
        assertEquals(List.of("1", "public.orders", "{\"id\": 2}"), dead.subList(0, 3));
        assertTrue(dead.get(3).startsWith("SQLSTATE 22P02"), dead.get(3));
        assertEquals("3", db.one("SELECT next_offset FROM tandem.apply_position"));
        assertEquals(1.0, feeder.counter("tandem.apply.dead_lettered", "public.orders"));
        assertEquals(2.0, feeder.counter("tandem.apply.applied", "public.orders"));
    }

    @Test
    void constraintViolationInsideATransactionLosesOnlyThatChange() throws Exception {
        BatchResult result = feeder.feed(
                upsert(
                        "us-east",
                        "public.orders",
                        1,
                        Map.of("status", "a", "qty", 1),
                        "{\"us-east\":1}",
                        hlc(T, 1),
                        tx("9", 0, false)),
                upsert(
                        "us-east",
                        "public.orders",
                        2,
                        Map.of("status", "b", "qty", -5),
                        "{\"us-east\":2}",
                        hlc(T, 2),
                        tx("9", 1, false)),
                upsert(
                        "us-east",
                        "public.orders",
                        3,
                        Map.of("status", "c", "qty", 3),
                        "{\"us-east\":3}",
                        hlc(T, 3),
                        tx("9", 2, true)));
        assertEquals(1, result.deadLettered());
        assertEquals(List.of(List.of("1"), List.of("3")), db.rows("SELECT id FROM public.orders ORDER BY id"));
        assertTrue(db.one("SELECT reason FROM tandem.dead_letter").startsWith("SQLSTATE 23514"));
    }

    @Test
    void changeForATableMissingInTheTargetIsDeadLettered() throws Exception {
        BatchResult result = feeder.feed(
                upsert("us-east", "public.ghost", 1, Map.of("x", 1), "{\"us-east\":1}", hlc(T, 0), single("1")),
                upsert("us-east", "public.unlisted", 1, Map.of("x", 1), "{\"us-east\":1}", hlc(T, 0), single("2")),
                order(5, 5, "3"));
        assertEquals(2, result.deadLettered());
        assertEquals(1, db.count("SELECT count(*) FROM public.orders"));
        List<List<String>> reasons = db.rows("SELECT table_name, reason FROM tandem.dead_letter ORDER BY kafka_offset");
        assertTrue(reasons.get(0).get(1).contains("does not exist in the target database"), reasons.toString());
        assertTrue(reasons.get(1).get(1).contains("not a replicated table"), reasons.toString());
    }
}
