package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static io.tandem.replicator.apply.Events.single;
import static io.tandem.replicator.apply.Events.upsert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class SchemaDriftTest {
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
                "DROP TABLE IF EXISTS public.orders, public.items; TRUNCATE tandem.tombstones, tandem.conflict_log,"
                        + " tandem.dead_letter, tandem.apply_position, tandem.parked_changes;"
                        + " CREATE TABLE public.orders (id bigint PRIMARY KEY, status text,"
                        + " tandem_vv jsonb, tandem_hlc bigint, tandem_origin text, tandem_meta jsonb, tandem_applied_from text);"
                        + " CREATE TABLE public.items (id bigint PRIMARY KEY, name text, in_stock boolean,"
                        + " tandem_vv jsonb, tandem_hlc bigint, tandem_origin text, tandem_meta jsonb, tandem_applied_from text)");
        db.instrument("public.orders", "public.items");
        feeder = newFeeder();
    }

    private static Feeder newFeeder() {
        return new Feeder(db, "us-east", Feeder.tables("lww", "public.orders", "public.items"));
    }

    private static io.tandem.replicator.event.ChangeEvent item(long id, String color, String tx) {
        return upsert(
                "us-east",
                "public.items",
                id,
                Map.of("name", "item" + id, "color", color),
                "{\"us-east\":" + tx + "}",
                hlc(T, Integer.parseInt(tx)),
                single(tx));
    }

    private static io.tandem.replicator.event.ChangeEvent order(long id, String tx) {
        return upsert(
                "us-east",
                "public.orders",
                id,
                Map.of("status", "new"),
                "{\"us-east\":" + id + "}",
                hlc(T, (int) id),
                single(tx));
    }

    @Test
    void driftedTablePausesWhileOthersFlowThenResumesWithItsParkedChangesInOrder() throws Exception {
        BatchResult first = feeder.feed(order(1, "1"), item(1, "red", "2"), order(2, "3"), item(1, "blue", "4"));
        assertEquals(2, first.parked());
        assertEquals(2, db.count("SELECT count(*) FROM public.orders"), "other tables must keep flowing");
        assertEquals(0, db.count("SELECT count(*) FROM public.items"));
        assertEquals(2, db.count("SELECT count(*) FROM tandem.parked_changes WHERE table_name = 'public.items'"));
        assertTrue(db.one("SELECT reason FROM tandem.parked_changes LIMIT 1").contains("column color is missing"));
        assertEquals(Set.of("public.items"), feeder.applier.pausedTables());
        assertEquals(1.0, feeder.gauge("tandem.apply.paused", "public.items"));
        assertEquals(
                "4", db.one("SELECT next_offset FROM tandem.apply_position"), "the position moves past parked changes");

        // still paused: a later change of the table is parked behind the others
        feeder.feed(item(2, "green", "5"), order(3, "6"));
        assertEquals(3, db.count("SELECT count(*) FROM tandem.parked_changes"));
        assertEquals(3, db.count("SELECT count(*) FROM public.orders"));

        db.execute("ALTER TABLE public.items ADD COLUMN color text");
        BatchResult resumed = feeder.feed(order(4, "7"));
        assertEquals(0, db.count("SELECT count(*) FROM tandem.parked_changes"));
        assertEquals(
                List.of(List.of("1", "blue"), List.of("2", "green")),
                db.rows("SELECT id, color FROM public.items ORDER BY id"),
                "parked changes are replayed in order");
        assertEquals(Set.of(), feeder.applier.pausedTables());
        assertEquals(0.0, feeder.gauge("tandem.apply.paused", "public.items"));
        assertEquals(4, resumed.applied());
    }

    @Test
    void incompatibleTypeIsDriftAndAPausedTableSurvivesARestart() throws Exception {
        feeder.feed(upsert(
                "us-east",
                "public.items",
                1,
                Map.of("name", "n", "in_stock", 5L),
                "{\"us-east\":1}",
                hlc(T, 0),
                single("1")));
        assertTrue(db.one("SELECT reason FROM tandem.parked_changes").contains("in_stock has type boolean"));

        Feeder restarted = newFeeder();
        restarted.nextOffset = feeder.nextOffset;
        restarted.feed(upsert(
                "us-east",
                "public.items",
                2,
                Map.of("name", "m", "in_stock", true),
                "{\"us-east\":2}",
                hlc(T, 1),
                single("2")));
        assertEquals(
                2, db.count("SELECT count(*) FROM tandem.parked_changes"), "order is kept behind the parked change");
        assertEquals(1.0, restarted.gauge("tandem.apply.paused", "public.items"));

        db.execute("ALTER TABLE public.items ALTER COLUMN in_stock TYPE integer USING in_stock::int");
        db.execute("ALTER TABLE public.items ALTER COLUMN in_stock TYPE text");
        restarted.feed();
        assertEquals(
                List.of(List.of("1", "5"), List.of("2", "true")),
                db.rows("SELECT id, in_stock FROM public.items ORDER BY id"));
    }
}
