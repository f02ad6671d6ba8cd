package io.tandem.controller.failover;

import io.tandem.controller.decision.Decision;
import io.tandem.controller.membership.RegionMember;
import java.time.Duration;
import java.util.Optional;

/** No action while the owner is present, or has been missing for less than absent-for. */
final class OwnerPresenceDecider {

    private OwnerPresenceDecider() {}

    /** A decision to stop at, or empty if the owner has been gone long enough to fail over. */
    static Optional<Decision> decide(GroupView v, FailoverPolicy policy) {
        Optional<RegionMember> owner = v.members().get(v.owner());
        if (owner.isPresent()) {
            return Optional.of(Decision.noAction(v.owner() + " owns " + v.group() + " at epoch "
                    + v.ownership().epoch() + " and is "
                    + (owner.get().health().canOwn()
                            ? "healthy"
                            : "present (" + owner.get().health() + ")")));
        }
        long missingMs = Duration.ofNanos(v.now() - v.ownerMissingSince().orElse(v.now()))
                .toMillis();
        if (missingMs < policy.absentFor().toMillis()) {
            return Optional.of(Decision.noAction("waiting: " + v.owner() + " (owner of " + v.group() + " at epoch "
                    + v.ownership().epoch() + ") missing for " + missingMs + " ms < absent-for "
                    + policy.absentFor().toMillis() + " ms"));
        }
        return Optional.empty();
    }
}
