package io.tandem.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.resolver.clock.Hlc;
import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.DeleteMode;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Named scenarios; the randomized suite in {@code simulation} covers the combinations. */
class ResolverTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final TablePolicy LWW = TablePolicy.lastWriterWins().withColumn("stock", ColumnMode.COUNTER);

    private static long t(int millis) {
        return Hlc.of(1_764_070_560_000L + millis, 0);
    }

    private static RowVersion write(RowVersion on, LocalWrite w, TablePolicy p) {
        return LocalWrites.apply(Optional.ofNullable(on), w, p);
    }

    private static RowVersion merge(RowVersion a, RowVersion b, TablePolicy p) {
        return Resolver.resolve(Optional.of(a), b, p, NOW).row();
    }

    private final RowVersion base =
            write(null, LocalWrite.upsert("us-east", t(0), Map.of("name", "Ada", "status", "open", "stock", 10)), LWW);

    @Test
    void firstInsertIsAppliedWithoutConflict() {
        Resolution r = Resolver.resolve(Optional.empty(), base, LWW, NOW);
        assertEquals(Outcome.APPLY, r.outcome());
        assertEquals(
                Map.of("name", "Ada", "status", "open", "stock", 10L), r.row().values());
        assertTrue(r.conflict().isEmpty());
    }

    @Test
    void dominatedOrEqualIsSkippedAndDominatingIsApplied() {
        RowVersion later = write(base, LocalWrite.upsert("eu-west", t(5), Map.of("status", "paid")), LWW);
        assertEquals(
                Outcome.SKIP,
                Resolver.resolve(Optional.of(later), base, LWW, NOW).outcome());
        assertEquals(
                Outcome.SKIP,
                Resolver.resolve(Optional.of(later), later, LWW, NOW).outcome());
        Resolution applied = Resolver.resolve(Optional.of(base), later, LWW, NOW);
        assertEquals(Outcome.APPLY, applied.outcome());
        assertEquals(later, applied.row());
        assertEquals("{\"eu-west\":1,\"us-east\":1}", applied.row().vv().toJson());
    }

    @Test
    void concurrentWritesAreMergedByLastWriterWinsAndRecorded() {
        RowVersion us = write(base, LocalWrite.upsert("us-east", t(10), Map.of("status", "paid")), LWW);
        RowVersion eu = write(base, LocalWrite.upsert("eu-west", t(12), Map.of("status", "cancelled")), LWW);
        Resolution r = Resolver.resolve(Optional.of(us), eu, LWW, NOW);
        assertEquals(Outcome.MERGE, r.outcome());
        assertEquals("cancelled", r.row().values().get("status"));
        assertEquals("eu-west", r.row().origin());
        ConflictRecord c = r.conflict().orElseThrow();
        assertEquals(us, c.local());
        assertEquals(eu, c.incoming());
        assertEquals(NOW, c.resolvedAt());
        assertEquals("last-writer-wins/columns{stock=COUNTER}", c.policy());
        assertTrue(c.description().startsWith("winner eu-west@1764070560012.0 (last-writer-wins"), c.description());
        assertTrue(c.description().contains("over [us-east@1764070560010.0 update]; row kept"), c.description());
        assertEquals(r.row(), merge(eu, us, LWW));
    }

    @Test
    void concurrentDecrementsAddUp() {
        RowVersion us = write(base, LocalWrite.increment("us-east", t(10), "stock", -3), LWW);
        RowVersion eu = write(base, LocalWrite.increment("eu-west", t(11), "stock", -3), LWW);
        assertEquals(4L, merge(us, eu, LWW).values().get("stock"));
        RowVersion absolute = write(base, LocalWrite.upsert("ap-south", t(12), Map.of("stock", 7)), LWW);
        assertEquals(1L, merge(merge(us, eu, LWW), absolute, LWW).values().get("stock"));
    }

    @Test
    void deleteWinsAcrossThreeWritesInEitherGrouping() {
        TablePolicy dw = LWW.withDeletes(DeleteMode.DELETE_WINS);
        RowVersion a = write(base, LocalWrite.upsert("us-east", t(10), Map.of("status", "a")), dw);
        RowVersion b = write(base, LocalWrite.delete("eu-west", t(11)), dw);
        assertTrue(merge(a, b, dw).deleted(), "a delete beats a concurrent update");
        assertFalse(merge(a, b, LWW.withDeletes(DeleteMode.UPDATE_WINS)).deleted(), "update-wins keeps the row");
        // c revives the row on top of b, but has not seen a
        RowVersion c = write(b, LocalWrite.upsert("ap-south", t(12), Map.of("name", "C", "status", "c")), dw);
        RowVersion left = merge(merge(a, b, dw), c, dw);
        RowVersion right = merge(a, merge(b, c, dw), dw);
        assertEquals(left, right);
        assertFalse(left.deleted(), "c has seen the delete, so it revives the row");
        assertEquals("c", left.values().get("status"));
        // a later delete that has not seen c: deleted again, whatever the grouping
        RowVersion d = write(merge(a, b, dw), LocalWrite.delete("us-east", t(13)), dw);
        assertTrue(merge(left, d, dw).deleted());
        assertEquals(merge(left, d, dw), merge(merge(d, c, dw), a, dw));
    }

    @Test
    void regionPriorityDecidesConcurrentWritesButNotCausalOnes() {
        TablePolicy p = TablePolicy.regionPriority(List.of("us-east", "eu-west"));
        RowVersion start = write(null, LocalWrite.upsert("eu-west", t(0), Map.of("v", "0")), p);
        RowVersion us = write(start, LocalWrite.upsert("us-east", t(10), Map.of("v", "us")), p);
        RowVersion eu = write(start, LocalWrite.upsert("eu-west", t(20), Map.of("v", "eu")), p);
        RowVersion merged = merge(eu, us, p);
        assertEquals("us", merged.values().get("v"), "us-east outranks eu-west although eu-west wrote later");
        RowVersion euAfter = write(merged, LocalWrite.upsert("eu-west", t(30), Map.of("v", "eu2")), p);
        assertEquals("eu2", merge(merged, euAfter, p).values().get("v"), "a causally later write always wins");
    }

    @Test
    void columnMergeKeepsConcurrentChangesToDifferentColumns() {
        TablePolicy cm = TablePolicy.columnMerge();
        RowVersion start = write(null, LocalWrite.upsert("us-east", t(0), Map.of("name", "Ada", "city", "Paris")), cm);
        RowVersion us = write(start, LocalWrite.upsert("us-east", t(10), Map.of("name", "Ada L.")), cm);
        RowVersion eu = write(start, LocalWrite.upsert("eu-west", t(5), Map.of("city", "London")), cm);
        assertEquals(
                Map.of("name", "Ada L.", "city", "London"), merge(us, eu, cm).values());
        assertEquals(
                Map.of("name", "Ada L.", "city", "London"), merge(eu, us, cm).values());
    }

    @Test
    void aLocalWriteMustBeStampedAfterTheRowsState() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> write(base, LocalWrite.upsert("eu-west", t(0), Map.of("name", "x")), LWW));
        assertTrue(e.getMessage().contains("greatest(now_ms << 16, previous + 1)"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> write(base, LocalWrite.increment("eu-west", t(9), "name", 1), LWW));
    }
}
