package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.replicator.config.PolicyMapping;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.event.SourceTx;
import io.tandem.resolver.LocalWrite;
import io.tandem.resolver.LocalWrites;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Counter columns through the real resolver: concurrent decrements made in two regions add up
 * exactly in a third, and a redelivered change adds nothing. Versions are made with {@link
 * LocalWrites}, the Java twin of the local-write trigger.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class CounterConvergenceTest {
    private static final TableSpec STOCK = new TableSpec(
            "public.stock", List.of("id"), TableMode.MULTI_WRITER, "lww", Set.of("qty"), Optional.empty());
    private static final TablePolicy POLICY = PolicyMapping.of(STOCK);
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void freshTable() {
        db.execute("DROP TABLE IF EXISTS public.stock; TRUNCATE tandem.tombstones, tandem.conflict_log,"
                + " tandem.apply_position; CREATE TABLE public.stock (id bigint PRIMARY KEY, sku text, qty bigint)");
        db.instrument(STOCK);
    }

    private static ChangeEvent event(String source, RowVersion version, String txId) {
        return new ChangeEvent(
                source,
                "public.stock",
                version.deleted() ? ChangeOp.DELETE : ChangeOp.UPSERT,
                Map.of("id", 1L),
                version.values(),
                version.vv().toJson(),
                version.hlc(),
                version.origin(),
                version.meta().toJson(),
                new SourceTx(txId, 1L, 0, true, System.currentTimeMillis()));
    }

    @Test
    void concurrentDecrementsInTwoRegionsAddUpExactlyAndDuplicatesAddNothing() throws Exception {
        long t = System.currentTimeMillis();
        Feeder usEast = new Feeder(db, "us-east", Map.of(STOCK.name(), STOCK));
        Feeder apSouth = new Feeder(db, "ap-south", Map.of(STOCK.name(), STOCK));

        RowVersion created = LocalWrites.apply(
                Optional.empty(),
                LocalWrite.upsert("us-east", hlc(t, 0), Map.of("id", 1L, "sku", "A", "qty", 10L)),
                POLICY);
        // both regions saw qty=10 and each sold 3, concurrently
        RowVersion soldInUsEast = LocalWrites.apply(
                Optional.of(created), LocalWrite.increment("us-east", hlc(t + 1, 0), "qty", -3), POLICY);
        RowVersion soldInApSouth = LocalWrites.apply(
                Optional.of(created), LocalWrite.increment("ap-south", hlc(t + 2, 0), "qty", -3), POLICY);

        usEast.feed(event("us-east", created, "1"));
        apSouth.feed(event("ap-south", soldInApSouth, "7"));
        BatchResult conflict = usEast.feed(event("us-east", soldInUsEast, "2"));

        assertEquals(1, conflict.conflicts());
        assertEquals("4", db.one("SELECT qty FROM public.stock WHERE id = 1"), "10 - 3 - 3");
        assertEquals("A", db.one("SELECT sku FROM public.stock WHERE id = 1"));

        BatchResult duplicate = apSouth.feed(event("ap-south", soldInApSouth, "7"));
        assertEquals(1, duplicate.skipped());
        assertEquals("4", db.one("SELECT qty FROM public.stock WHERE id = 1"), "a redelivered decrement counted twice");
        assertEquals(
                "t",
                db.one("SELECT tandem_vv = '{\"ap-south\": 1, \"us-east\": 2}'::jsonb FROM public.stock WHERE id = 1"));
    }

    @Test
    void aLocalDecrementThroughTheTriggerAndAConcurrentRemoteOneAddUp() throws Exception {
        long t = System.currentTimeMillis() - 60_000;
        Feeder usEast = new Feeder(db, "us-east", Map.of(STOCK.name(), STOCK));
        RowVersion created = LocalWrites.apply(
                Optional.empty(),
                LocalWrite.upsert("us-east", hlc(t, 0), Map.of("id", 1L, "sku", "A", "qty", 10L)),
                POLICY);
        usEast.feed(event("us-east", created, "1"));
        // a client here (eu-west) sells 3; the trigger stamps the row and counts -3 as eu-west's contribution
        db.execute("UPDATE public.stock SET qty = qty - 3 WHERE id = 1");
        // us-east sold 3 concurrently
        RowVersion soldInUsEast = LocalWrites.apply(
                Optional.of(created), LocalWrite.increment("us-east", hlc(t + 1, 0), "qty", -3), POLICY);
        BatchResult result = usEast.feed(event("us-east", soldInUsEast, "2"));
        assertEquals(1, result.conflicts());
        assertEquals("4", db.one("SELECT qty FROM public.stock WHERE id = 1"), "10 - 3 (here) - 3 (us-east)");
    }
}
