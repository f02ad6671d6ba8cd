package io.tandem.replicator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replicator.apply.LibraryResolver;
import io.tandem.replicator.apply.StoredVersion;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.resolver.vector.VersionVector;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The repair decision for one row from the three regions' versions, with the product resolver. */
class RepairDeciderTest {
    private static final TableSpec ORDERS =
            new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, "lww", null, null);
    private static final RepairDecider DECIDER =
            new RepairDecider(ORDERS, new LibraryResolver(List.of(ORDERS), Clock.systemUTC()));
    private static final Map<String, Object> KEY = Map.of("id", 7L);

    private static StoredVersion live(String status, String vv, long hlc, String origin) {
        return StoredVersion.live(Map.of("id", 7L, "status", status), vv, hlc, origin, null);
    }

    private static Map<String, Optional<StoredVersion>> regions(
            StoredVersion usEast, StoredVersion euWest, StoredVersion apSouth) {
        Map<String, Optional<StoredVersion>> versions = new LinkedHashMap<>();
        versions.put("us-east", Optional.ofNullable(usEast));
        versions.put("eu-west", Optional.ofNullable(euWest));
        versions.put("ap-south", Optional.ofNullable(apSouth));
        return versions;
    }

    private static RowDecision decide(Map<String, Optional<StoredVersion>> versions, String prefer) {
        return DECIDER.decide("{\"id\": 7}", KEY, versions, Optional.ofNullable(prefer));
    }

    @Test
    void valuesChangedBehindTandemsBackInOneRegionTakeTheMajoritysValues() {
        StoredVersion original = live("paid", "{\"us-east\": 1}", 10, "us-east");
        StoredVersion tampered = live("tampered", "{\"us-east\": 1}", 10, "us-east");

        var repair = assertInstanceOf(RowDecision.Repair.class, decide(regions(original, tampered, original), null));

        assertEquals(RepairBasis.MAJORITY, repair.basis());
        assertEquals(List.of("us-east", "ap-south"), repair.sources());
        assertEquals(List.of("eu-west"), repair.differing());
        assertEquals("us-east", repair.writeRegion());
        assertEquals("paid", repair.decided().row().get("status"));
        assertEquals("update", repair.action());
    }

    @Test
    void aTieIsRefusedNamingTheRegionsUnlessARegionIsPreferred() {
        StoredVersion a = live("a", "{\"us-east\": 1}", 10, "us-east");
        StoredVersion b = live("b", "{\"us-east\": 1}", 10, "us-east");
        StoredVersion c = live("c", "{\"us-east\": 1}", 10, "us-east");

        var refusal = assertInstanceOf(RowDecision.Refusal.class, decide(regions(a, b, c), null));
        assertTrue(refusal.reason().contains("--prefer"), refusal.reason());
        assertTrue(refusal.reason().contains("us-east, eu-west, ap-south"), refusal.reason());
        assertTrue(refusal.reason().contains("{\"id\": 7}"), refusal.reason());

        var preferred = assertInstanceOf(RowDecision.Repair.class, decide(regions(a, b, c), "ap-south"));
        assertEquals(RepairBasis.PREFERRED, preferred.basis());
        assertEquals("c", preferred.decided().row().get("status"));
        assertEquals("ap-south", preferred.writeRegion());
        assertEquals(List.of("us-east", "eu-west"), preferred.differing());
    }

    @Test
    void aPreferredRegionOutsideTheTieIsRefused() {
        StoredVersion a = live("a", "{\"us-east\": 1}", 10, "us-east");
        StoredVersion b = live("b", "{\"us-east\": 1}", 10, "us-east");

        var refusal = assertInstanceOf(RowDecision.Refusal.class, decide(regions(a, b, null), "ap-south"));

        assertTrue(refusal.reason().contains("ap-south holds none of the tied values"), refusal.reason());
    }

    @Test
    void aRowMissingWithoutTombstoneIsRestoredFromTheRegionsThatHaveIt() {
        StoredVersion row = live("paid", "{\"us-east\": 1}", 10, "us-east");

        var repair = assertInstanceOf(RowDecision.Repair.class, decide(regions(null, row, row), null));

        assertEquals(RepairBasis.RESTORE, repair.basis());
        assertEquals(List.of("us-east"), repair.differing());
        assertEquals("eu-west", repair.writeRegion());
        assertEquals(row, repair.decided());
    }

    @Test
    void aNewerVersionInOneRegionWinsTheJoin() {
        StoredVersion newer = live("shipped", "{\"us-east\": 2}", 20, "us-east");
        StoredVersion older = live("paid", "{\"us-east\": 1}", 10, "us-east");

        var repair = assertInstanceOf(RowDecision.Repair.class, decide(regions(older, newer, older), null));

        assertEquals(RepairBasis.JOIN, repair.basis());
        assertEquals(newer, repair.decided());
        assertEquals(List.of("eu-west"), repair.sources());
        assertEquals(List.of("us-east", "ap-south"), repair.differing());
        assertEquals("eu-west", repair.writeRegion());
    }

    @Test
    void aTombstoneThatDominatesReissuesTheDelete() {
        StoredVersion deleted = StoredVersion.deleted("{\"us-east\": 2}", 20, "us-east", null);
        StoredVersion row = live("paid", "{\"us-east\": 1}", 10, "us-east");

        var repair = assertInstanceOf(RowDecision.Repair.class, decide(regions(deleted, row, row), null));

        assertEquals(RepairBasis.JOIN, repair.basis());
        assertEquals("delete", repair.action());
        assertEquals("us-east", repair.writeRegion());
        assertEquals(List.of("eu-west", "ap-south"), repair.differing());
    }

    @Test
    void concurrentVersionsAreMergedByThePolicyIntoAVersionNoRegionHolds() {
        StoredVersion usEast = live("from us-east", "{\"us-east\": 2}", 20, "us-east");
        StoredVersion euWest = live("from eu-west", "{\"eu-west\": 1, \"us-east\": 1}", 30, "eu-west");
        StoredVersion apSouth = live("paid", "{\"us-east\": 1}", 10, "us-east");

        var repair = assertInstanceOf(RowDecision.Repair.class, decide(regions(usEast, euWest, apSouth), null));

        assertEquals(RepairBasis.JOIN, repair.basis());
        assertEquals("from eu-west", repair.decided().row().get("status"), "last writer (HLC 30) wins under lww");
        assertEquals(
                VersionVector.parseJson("{\"eu-west\": 1, \"us-east\": 2}"),
                VersionVector.parseJson(repair.decided().versionVector()));
        assertEquals(List.of("us-east", "eu-west", "ap-south"), repair.differing());
        assertEquals(List.of("us-east", "eu-west"), repair.sources());
    }

    @Test
    void regionsThatAgreeNowAreSettled() {
        StoredVersion row = live("paid", "{\"us-east\": 1}", 10, "us-east");

        assertInstanceOf(RowDecision.Settled.class, decide(regions(row, row, row), null));
    }
}
