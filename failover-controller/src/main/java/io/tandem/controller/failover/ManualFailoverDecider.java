package io.tandem.controller.failover;

import io.tandem.controller.Names;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Move;
import io.tandem.controller.decision.RpoReport;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.RegionMember;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operator's failover intent ({@code tandem failover --group G --to R [--force]}): moves the group
 * now, without a drain, if the target is eligible; the max-lag rule and the "owner is still present"
 * rule yield only to {@code force}.
 */
public final class ManualFailoverDecider {

    private ManualFailoverDecider() {}

    public static Decision decide(GroupView v, String target, boolean force, FailoverPolicy policy) {
        Names.require("target region", target);
        String owner = v.owner();
        String what = "failover of " + v.group() + " from " + owner + " to " + target;
        if (owner.equals(target)) {
            return Decision.refuse(what + ": " + target + " already owns it at epoch "
                    + v.ownership().epoch());
        }
        Optional<RegionMember> t = v.members().get(target);
        if (t.isEmpty()) {
            return Decision.refuse(what + ": " + target + " is not a member");
        }
        if (!t.get().health().canOwn() || t.get().selfFenced()) {
            return Decision.refuse(what + ": " + target + " not eligible: "
                    + (t.get().selfFenced()
                            ? "it has fenced itself"
                            : t.get().health().toString()));
        }
        if (v.members().contains(owner) && !force) {
            return Decision.refuse(what + ": owner " + owner
                    + " is present; use a switchover for a planned move (no loss), or --force");
        }
        Optional<Applied> applied = t.get().appliedFrom(owner);
        Optional<CandidateLag> lag = applied.map(a -> CandidateLag.of(a, v.ownerLastSeen()));
        if (!force
                && lag.map(CandidateLag::millis).orElse(Long.MAX_VALUE)
                        > policy.maxLag().toMillis()) {
            return Decision.refuse(what + ": " + target + " not eligible: "
                    + lag.map(l -> l.millis() + " ms behind " + owner + " (" + l.basis() + ")")
                            .orElse("lag unknown (has applied nothing from " + owner + ")")
                    + " > max-lag "
                    + policy.maxLag().toMillis()
                    + " ms; add --force to accept the loss the RPO report will list");
        }
        Map<String, Long> survivors = new HashMap<>();
        v.members().members().values().forEach(m -> m.appliedFrom(owner)
                .ifPresent(a -> survivors.put(m.region(), a.position())));
        long lastKnown = v.ownerLastSeen().map(RegionMember::sourcePosition).orElse(0L);
        Move move = new Move(
                v.group(),
                owner,
                target,
                v.ownership().epoch(),
                Optional.of(new RpoReport(owner, lastKnown, survivors)));
        return Decision.act("operator " + move + (force ? " (forced)" : ""), List.of(move));
    }
}
