package io.tandem.controller.switchover;

import io.tandem.controller.ClusterSnapshot;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import java.util.Optional;

/** Whether a group may be switched over to a target now, and if not, why not. */
public final class SwitchoverEligibility {

    private SwitchoverEligibility() {}

    /** Empty if the switchover may start; otherwise the reason it may not. */
    public static Optional<String> whyNot(String group, String target, ClusterSnapshot snapshot) {
        Optional<Ownership> current = snapshot.ownership(group).map(v -> v.value());
        if (current.isEmpty()) {
            return Optional.of("group " + group + " has no owner yet: create its ownership first");
        }
        Ownership o = current.get();
        if (o.owner().equals(target)) {
            return Optional.of(target + " already owns " + group + " at epoch " + o.epoch());
        }
        if (o.state() != OwnershipState.ACTIVE) {
            return Optional.of(
                    group + " is " + o.state() + " at epoch " + o.epoch() + ": another change is in progress");
        }
        if (!snapshot.members().contains(o.owner())) {
            return Optional.of("owner " + o.owner() + " of " + group
                    + " is not present, so it cannot be drained: use failover instead");
        }
        Optional<RegionMember> t = snapshot.members().get(target);
        if (t.isEmpty()) {
            return Optional.of(
                    target + " is not a member (no membership node): start its daemon or pick another region");
        }
        if (!t.get().health().canOwn()) {
            return Optional.of(target + " is " + t.get().health() + ", not eligible to own " + group);
        }
        if (t.get().selfFenced()) {
            return Optional.of(
                    target + " has fenced itself (lost its ZooKeeper session); wait until it resynchronises");
        }
        return Optional.empty();
    }
}
