package io.tandem.controller.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.controller.decision.Decision;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ManualFailoverDeciderTest {

    private final FailoverPolicy policy =
            new FailoverPolicy(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(30), 1, List.of());
    private final Ownership orders = new Ownership("orders", "us-east", 4, OwnershipState.ACTIVE);

    private GroupView view(RegionMember... members) {
        return new GroupView(
                orders,
                new MembershipSnapshot(Arrays.stream(members).collect(Collectors.toMap(RegionMember::region, m -> m))),
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                0);
    }

    private static RegionMember euWest(long lagMs) {
        return RegionMember.healthy("eu-west", List.of()).withApplied("us-east", new Applied(500, lagMs));
    }

    @Test
    void refusesWhileTheOwnerIsPresentUnlessForced() {
        RegionMember usEast = RegionMember.healthy("us-east", List.of());
        assertEquals(
                "refuse: failover of orders from us-east to eu-west: owner us-east is present; use a switchover for a"
                        + " planned move (no loss), or --force",
                ManualFailoverDecider.decide(view(usEast, euWest(0)), "eu-west", false, policy)
                        .toString());
        assertEquals(
                "eu-west",
                ManualFailoverDecider.decide(view(usEast, euWest(0)), "eu-west", true, policy)
                        .moves()
                        .get(0)
                        .toRegion());
    }

    @Test
    void maxLagYieldsOnlyToForce() {
        Decision refused = ManualFailoverDecider.decide(view(euWest(4200)), "eu-west", false, policy);
        assertEquals(
                "refuse: failover of orders from us-east to eu-west: eu-west not eligible: 4200 ms behind us-east"
                        + " (replication delay of its last applied batch) > max-lag 1000 ms;"
                        + " add --force to accept the loss the RPO report will list",
                refused.toString());
        Decision forced = ManualFailoverDecider.decide(view(euWest(4200)), "eu-west", true, policy);
        assertEquals(4, forced.moves().get(0).fromEpoch());
        assertEquals(
                500L,
                forced.moves().get(0).rpo().orElseThrow().appliedBySurvivor().get("eu-west"));
    }

    @Test
    void refusesAnUnknownTarget() {
        assertEquals(
                "refuse: failover of orders from us-east to ap-south: ap-south is not a member",
                ManualFailoverDecider.decide(view(euWest(0)), "ap-south", true, policy)
                        .toString());
    }
}
