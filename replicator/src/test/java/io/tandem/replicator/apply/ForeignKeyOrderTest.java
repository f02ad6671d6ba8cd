package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.delete;
import static io.tandem.replicator.apply.Events.hlc;
import static io.tandem.replicator.apply.Events.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** A batch mixing parent and child rows in any table order applies without foreign-key violations. */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class ForeignKeyOrderTest {
    private static final long T = 1_764_000_000_000L;
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase();
        db.execute("CREATE TABLE public.parents (id bigint PRIMARY KEY, name text);"
                + " CREATE TABLE public.children (id bigint PRIMARY KEY, parent_id bigint NOT NULL"
                + " REFERENCES public.parents (id), name text)");
        db.instrument("public.parents", "public.children");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    private static ChangeEvent row(
            String table, long id, Map<String, Object> columns, int counter, String txId, int index, boolean last) {
        Map<String, Object> values = new java.util.LinkedHashMap<>(columns);
        values.put("id", id);
        return new ChangeEvent(
                "us-east",
                table,
                ChangeOp.UPSERT,
                Map.of("id", id),
                values,
                "{\"us-east\":" + counter + "}",
                hlc(T, counter),
                "us-east",
                null,
                tx(txId, index, last));
    }

    @Test
    void childrenAndParentsInOneBatchApplyInForeignKeyOrder() throws Exception {
        Feeder feeder = new Feeder(db, "us-east", Feeder.tables("lww", "public.parents", "public.children"));
        feeder.feed(
                row("public.parents", 1, Map.of("name", "p1"), 1, "1", 0, false),
                row("public.children", 10, Map.of("parent_id", 1L, "name", "c10"), 1, "1", 1, true));

        BatchResult result = feeder.feed(
                // tx 2 touches the child table first (an update of an existing child)
                row("public.children", 10, Map.of("parent_id", 1L, "name", "c10-renamed"), 2, "2", 0, true),
                // tx 3 inserts a new parent and its child
                row("public.parents", 2, Map.of("name", "p2"), 1, "3", 0, false),
                row("public.children", 20, Map.of("parent_id", 2L, "name", "c20"), 1, "3", 1, true),
                // tx 4 deletes child 10 and then its parent 1
                delete("us-east", "public.children", 10, "{\"us-east\":3}", hlc(T, 3), tx("4", 0, false)),
                delete("us-east", "public.parents", 1, "{\"us-east\":2}", hlc(T, 2), tx("4", 1, true)));

        assertEquals(0, result.deadLettered());
        assertEquals(List.of(List.of("2", "p2")), db.rows("SELECT id, name FROM public.parents ORDER BY id"));
        assertEquals(List.of(List.of("20", "2")), db.rows("SELECT id, parent_id FROM public.children ORDER BY id"));
        assertEquals(2, db.count("SELECT count(*) FROM tandem.tombstones"));
    }
}
