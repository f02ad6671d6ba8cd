package io.tandem.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.replicator.reconcile.TableDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckVerdictTest {
    private static final List<String> REGIONS = List.of("us-east", "eu-west");
    private static final TableDigest TEN = new TableDigest(10, "123", List.of("id", "body"));

    private static RegionDigests answer(String region, Map<String, TableDigest> tables, String... problems) {
        return new RegionDigests(region, 1, tables, List.of(problems));
    }

    @Test
    void pendingUntilEveryRegionAnswered() {
        CheckVerdict v = CheckVerdict.of("check-1", REGIONS, Map.of("us-east", answer("us-east", Map.of("t", TEN))));
        assertEquals(CheckVerdict.State.PENDING, v.state());
        assertEquals("check check-1 result=pending waiting_for=eu-west", v.summary());
    }

    @Test
    void equalDigestsAreConsistent() {
        CheckVerdict v = CheckVerdict.of(
                "check-2",
                REGIONS,
                Map.of("us-east", answer("us-east", Map.of("t", TEN)), "eu-west", answer("eu-west", Map.of("t", TEN))));
        assertEquals("check check-2 result=consistent", v.summary());
    }

    @Test
    void aDifferentChecksumOrAMissingTableDiffersAndIsNamedPerRegion() {
        CheckVerdict v = CheckVerdict.of(
                "check-3",
                REGIONS,
                Map.of(
                        "us-east",
                        answer("us-east", Map.of("t", TEN, "u", TEN)),
                        "eu-west",
                        answer(
                                "eu-west",
                                Map.of("t", new TableDigest(10, "124", List.of("id", "body"))),
                                "cannot digest u: gone")));
        assertEquals(CheckVerdict.State.DIFFERS, v.state());
        assertEquals("check check-3 result=differs tables=t,u", v.summary());
        assertEquals(
                Map.of("us-east", "10 rows, checksum 123", "eu-west", "10 rows, checksum 124"),
                v.differing().get("t"));
        assertEquals("(not digested)", v.differing().get("u").get("eu-west"));
        assertEquals(List.of("eu-west: cannot digest u: gone"), v.problems());
    }
}
