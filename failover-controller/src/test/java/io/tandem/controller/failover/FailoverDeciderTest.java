package io.tandem.controller.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.ClusterSnapshot;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Move;
import io.tandem.controller.decision.Verdict;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipSnapshot;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.Versioned;
import io.tandem.controller.support.FakeClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FailoverDeciderTest {

    private final FakeClock clock = new FakeClock();
    private final FailoverPolicy policy = new FailoverPolicy(
            Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(30), 2, List.of("ap-south", "eu-west"));
    private final FailoverTicker ticker = new FailoverTicker(policy);
    private final OwnershipSnapshot orders = new OwnershipSnapshot(
            Map.of("orders", new Versioned<>(new Ownership("orders", "us-east", 7, OwnershipState.ACTIVE), 6)));

    private static RegionMember member(String region, long appliedFromUsEast, long lagMs) {
        return RegionMember.healthy(region, List.of()).withApplied("us-east", new Applied(appliedFromUsEast, lagMs));
    }

    private static ClusterSnapshot cluster(OwnershipSnapshot o, RegionMember... members) {
        return new ClusterSnapshot(
                new MembershipSnapshot(Arrays.stream(members).collect(Collectors.toMap(RegionMember::region, m -> m))),
                o);
    }

    private Decision tick(ClusterSnapshot s) {
        return ticker.tick(s, clock.nanos(), Set.of());
    }

    @Test
    void noActionWhileTheOwnerIsPresent() {
        Decision d = tick(cluster(orders, RegionMember.healthy("us-east", List.of()), member("eu-west", 10, 5)));
        assertEquals("no action: us-east owns orders at epoch 7 and is healthy", d.toString());
    }

    @Test
    void waitsForAbsentForThenMovesToTheRegionThatAppliedMost() {
        RegionMember usEast = RegionMember.healthy("us-east", List.of()).withSourcePosition(1000);
        tick(cluster(orders, usEast, member("eu-west", 900, 50), member("ap-south", 950, 80)));
        Decision waiting = tick(cluster(orders, member("eu-west", 900, 50), member("ap-south", 950, 80)));
        assertEquals(
                "no action: waiting: us-east (owner of orders at epoch 7) missing for 0 ms < absent-for 3000 ms",
                waiting.toString());
        clock.advance(Duration.ofMillis(2999));
        assertEquals(
                Verdict.NO_ACTION,
                tick(cluster(orders, member("eu-west", 900, 50), member("ap-south", 950, 80)))
                        .verdict());
        clock.advance(Duration.ofMillis(1));
        Decision d = tick(cluster(orders, member("eu-west", 900, 50), member("ap-south", 950, 80)));
        assertEquals(Verdict.ACT, d.verdict());
        Move m = d.moves().get(0);
        assertEquals(new Move("orders", "us-east", "ap-south", 7, m.rpo()), m);
        assertEquals(1000, m.rpo().orElseThrow().lastKnownSourcePosition());
        assertEquals(100, m.rpo().orElseThrow().behind("eu-west"));
        assertEquals(50, m.rpo().orElseThrow().behind("ap-south"));
        assertTrue(d.reason().contains("ap-south applied 950 (behind >= 50)"), d.reason());
    }

    @Test
    void refusesACandidateBeyondMaxLagAndSaysWhy() {
        tick(cluster(orders, member("eu-west", 900, 5000), member("ap-south", 950, 4200)));
        clock.advance(Duration.ofSeconds(5));
        Decision d = tick(cluster(orders, member("eu-west", 900, 5000), member("ap-south", 950, 4200)));
        assertEquals(
                "refuse: cannot move orders from us-east: no eligible region: ap-south not eligible: lag 4200 ms > max-lag 1000 ms;"
                        + " eu-west not eligible: lag 5000 ms > max-lag 1000 ms",
                d.toString());
    }

    @Test
    void preferenceBreaksTiesAndUnhealthyOrFencedRegionsAreSkipped() {
        RegionMember sick = member("us-west", 999, 0).withHealth(Health.DEGRADED);
        RegionMember fenced = member("sa-east", 999, 0).withFencing(Map.of(), true);
        tick(cluster(orders, member("eu-west", 900, 10), member("ap-south", 900, 10), sick, fenced));
        clock.advance(Duration.ofSeconds(3));
        Decision d = tick(cluster(orders, member("eu-west", 900, 10), member("ap-south", 900, 10), sick, fenced));
        assertEquals("ap-south", d.moves().get(0).toRegion());
    }

    @Test
    void refusesWithTooFewHealthyRegions() {
        tick(cluster(orders, member("eu-west", 900, 10)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(
                "refuse: cannot move orders from us-east: only 1 healthy region(s) < min-healthy-regions 2",
                tick(cluster(orders, member("eu-west", 900, 10))).toString());
    }

    @Test
    void holdDownStopsAGroupFromFlapping() {
        tick(cluster(orders, member("eu-west", 900, 10), member("ap-south", 800, 10)));
        clock.advance(Duration.ofSeconds(10));
        Decision first = tick(cluster(orders, member("eu-west", 900, 10), member("ap-south", 800, 10)));
        assertEquals("eu-west", first.moves().get(0).toRegion());
        ticker.moved(first.moves().get(0), clock.nanos());
        // the group now belongs to eu-west (epoch 8), which vanishes at once
        OwnershipSnapshot moved = new OwnershipSnapshot(
                Map.of("orders", new Versioned<>(new Ownership("orders", "eu-west", 8, OwnershipState.ACTIVE), 7)));
        RegionMember apSouth = RegionMember.healthy("ap-south", List.of()).withApplied("eu-west", new Applied(10, 0));
        RegionMember usWest = RegionMember.healthy("us-west", List.of()).withApplied("eu-west", new Applied(10, 0));
        tick(cluster(moved, apSouth, usWest));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(
                "refuse: hold-down: orders moved 5000 ms ago < hold-down 30000 ms; not moving it from eu-west again yet",
                tick(cluster(moved, apSouth, usWest)).toString());
        clock.advance(Duration.ofSeconds(25));
        assertEquals(
                "ap-south", tick(cluster(moved, apSouth, usWest)).moves().get(0).toRegion());
    }

    @Test
    void oneDecisionSummarisesEveryGroup() {
        Map<String, Versioned<Ownership>> groups = new HashMap<>(orders.groups());
        groups.put("payments", new Versioned<>(new Ownership("payments", "eu-west", 2, OwnershipState.ACTIVE), 1));
        OwnershipSnapshot two = new OwnershipSnapshot(groups);
        tick(cluster(two, member("eu-west", 900, 10), member("ap-south", 950, 10)));
        clock.advance(Duration.ofSeconds(3));
        Decision d = tick(cluster(two, member("eu-west", 900, 10), member("ap-south", 950, 10)));
        assertEquals(Verdict.ACT, d.verdict());
        assertEquals(1, d.moves().size());
        assertTrue(d.reason().endsWith("no action: eu-west owns payments at epoch 2 and is healthy"), d.reason());
        assertEquals(
                Verdict.NO_ACTION,
                ticker.tick(cluster(two, member("eu-west", 900, 10)), clock.nanos(), Set.of("orders"))
                        .verdict());
    }
}
