package io.tandem.controller.failover;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.ClusterSnapshot;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Move;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random walks of region churn through the failover ticker, checking the safety rules on every
 * move it asks for. Re-run a failure with -Dtandem.seed=N.
 */
class FailoverSimulationTest {

    private static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south", "sa-east");
    private static final List<String> GROUPS = List.of("orders", "payments", "stock");

    @Test
    void everyMoveKeepsTheSafetyRules() {
        long seed = Long.getLong("tandem.seed", System.nanoTime());
        System.out.println("FailoverSimulationTest seed=" + seed + " (re-run with -Dtandem.seed=" + seed + ")");
        Random random = new Random(seed);
        int moves = 0;
        for (int run = 0; run < 50; run++) {
            moves += simulate(random, seed, run);
        }
        System.out.println("FailoverSimulationTest: " + moves + " moves checked");
        assertTrue(moves > 20, "the simulation should exercise failover, got " + moves + " moves (seed " + seed + ")");
    }

    private int simulate(Random random, long seed, int run) {
        int moves = 0;
        FailoverPolicy policy = new FailoverPolicy(
                Duration.ofMillis(3000), Duration.ofMillis(1000), Duration.ofMillis(20_000), 2, List.of("eu-west"));
        FailoverTicker ticker = new FailoverTicker(policy);
        FakeClock clock = new FakeClock();
        Map<String, Ownership> owners = new HashMap<>();
        for (String g : GROUPS) {
            owners.put(g, Ownership.initial(g, REGIONS.get(random.nextInt(REGIONS.size()))));
        }
        Map<String, Long> absentSince = new HashMap<>();
        Map<String, Long> lastMove = new HashMap<>();
        Map<String, RegionMember> up = new HashMap<>();
        REGIONS.forEach(r -> up.put(r, member(r, random)));
        String where = "seed " + seed + " run " + run;
        for (int step = 0; step < 300; step++) {
            long now = clock.advance(Duration.ofMillis(100 + random.nextInt(900)));
            String r = REGIONS.get(random.nextInt(REGIONS.size()));
            int churn = random.nextInt(10);
            if (churn == 0 && up.remove(r) != null) {
                absentSince.put(r, now);
            } else if (churn == 1 && !up.containsKey(r)) {
                up.put(r, member(r, random));
                absentSince.remove(r);
            } else if (churn < 5 && up.containsKey(r)) {
                up.put(r, member(r, random));
            }
            Map<String, Versioned<Ownership>> groups = new HashMap<>();
            owners.forEach((g, o) -> groups.put(g, new Versioned<>(o, (int) o.epoch())));
            MembershipSnapshot members = new MembershipSnapshot(up);
            Decision d = ticker.tick(new ClusterSnapshot(members, new OwnershipSnapshot(groups)), now, Set.of());
            for (Move m : d.moves()) {
                Ownership before = owners.get(m.group());
                RegionMember to = up.get(m.toRegion());
                String ctx = where + " step " + step + ": " + m;
                assertTrue(before.owner().equals(m.fromRegion()) && before.epoch() == m.fromEpoch(), ctx);
                assertTrue(!up.containsKey(m.fromRegion()), "moved away from a present owner: " + ctx);
                assertTrue(
                        now - absentSince.get(m.fromRegion())
                                >= policy.absentFor().toNanos(),
                        "too early: " + ctx);
                assertTrue(to != null && to.health().canOwn() && !to.selfFenced(), "ineligible target: " + ctx);
                assertTrue(to.appliedFrom(m.fromRegion()).orElseThrow().lagMillis() <= 1000, "beyond max lag: " + ctx);
                assertTrue(members.healthyCount() >= policy.minHealthyRegions(), "too few healthy: " + ctx);
                Long last = lastMove.get(m.group());
                assertTrue(last == null || now - last >= policy.holdDown().toNanos(), "flapping: " + ctx);
                Ownership after = before.next(m.toRegion(), OwnershipState.ACTIVE);
                assertTrue(after.epoch() > before.epoch(), ctx);
                owners.put(m.group(), after);
                lastMove.put(m.group(), now);
                ticker.moved(m, now);
                moves++;
            }
        }
        return moves;
    }

    private static RegionMember member(String region, Random random) {
        RegionMember m = RegionMember.healthy(region, List.of());
        for (String source : REGIONS) {
            if (!source.equals(region)) {
                m = m.withApplied(source, new Applied(random.nextInt(1000), random.nextInt(2000)));
            }
        }
        int h = random.nextInt(8);
        return h == 0 ? m.withHealth(Health.DEGRADED) : h == 1 ? m.withFencing(Map.of(), true) : m;
    }
}
