package io.tandem.controller.switchover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.controller.ClusterSnapshot;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipSnapshot;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.Versioned;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchoverPlanTest {

    private static ClusterSnapshot cluster(OwnershipState state, RegionMember... members) {
        Map<String, RegionMember> m = new java.util.HashMap<>();
        for (RegionMember r : members) {
            m.put(r.region(), r);
        }
        return new ClusterSnapshot(
                new MembershipSnapshot(m),
                new OwnershipSnapshot(
                        Map.of("orders", new Versioned<>(new Ownership("orders", "us-east", 3, state), 2))));
    }

    private final RegionMember usEast = RegionMember.healthy("us-east", List.of());
    private final RegionMember euWest =
            RegionMember.healthy("eu-west", List.of()).withApplied("us-east", new Applied(4096, 12));

    @Test
    void describesThePlanWithTheTargetsProgress() {
        assertEquals(
                "no action: dry run: switchover of orders from us-east to eu-west would (1) make us-east DRAINING at"
                        + " epoch 4, (2) record us-east's WAL position, (3) wait until eu-west has applied up to it"
                        + " (eu-west has applied up to 4096, lag 12 ms), (4) make eu-west ACTIVE at epoch 5; on timeout"
                        + " us-east becomes ACTIVE again",
                SwitchoverPlan.dryRun("orders", "eu-west", cluster(OwnershipState.ACTIVE, usEast, euWest))
                        .toString());
    }

    @Test
    void saysWhyATargetIsNotEligible() {
        assertEquals(
                "refuse: switchover of orders to eu-west would be rejected: eu-west is DEGRADED, not eligible to own orders",
                SwitchoverPlan.dryRun(
                                "orders",
                                "eu-west",
                                cluster(OwnershipState.ACTIVE, usEast, euWest.withHealth(Health.DEGRADED)))
                        .toString());
        assertEquals(
                "refuse: switchover of orders to eu-west would be rejected: orders is DRAINING at epoch 3: another change is in progress",
                SwitchoverPlan.dryRun("orders", "eu-west", cluster(OwnershipState.DRAINING, usEast, euWest))
                        .toString());
        assertEquals(
                "refuse: switchover of orders to eu-west would be rejected: owner us-east of orders is not present, so it"
                        + " cannot be drained: use failover instead",
                SwitchoverPlan.dryRun("orders", "eu-west", cluster(OwnershipState.ACTIVE, euWest))
                        .toString());
    }
}
