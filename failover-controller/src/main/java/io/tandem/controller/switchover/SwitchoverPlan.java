package io.tandem.controller.switchover;

import io.tandem.controller.ClusterSnapshot;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.ownership.Ownership;
import java.util.Optional;

/**
 * {@code tandem switchover --dry-run}: what a switchover would do now and, if it would be rejected, why.
 * Changes nothing.
 */
public final class SwitchoverPlan {

    private SwitchoverPlan() {}

    public static Decision dryRun(String group, String target, ClusterSnapshot snapshot) {
        Optional<String> whyNot = SwitchoverEligibility.whyNot(group, target, snapshot);
        if (whyNot.isPresent()) {
            return Decision.refuse("switchover of " + group + " to " + target + " would be rejected: " + whyNot.get());
        }
        Ownership o = snapshot.ownership(group).orElseThrow().value();
        String progress = snapshot.members()
                .get(target)
                .flatMap(m -> m.appliedFrom(o.owner()))
                .map(SwitchoverPlan::describe)
                .orElse("has applied nothing from " + o.owner() + " yet");
        return Decision.noAction("dry run: switchover of " + group + " from " + o.owner() + " to " + target
                + " would (1) make " + o.owner() + " DRAINING at epoch " + (o.epoch() + 1) + ", (2) record "
                + o.owner() + "'s WAL position, (3) wait until " + target + " has applied up to it (" + target
                + " " + progress + "), (4) make " + target + " ACTIVE at epoch " + (o.epoch() + 2)
                + "; on timeout " + o.owner() + " becomes ACTIVE again");
    }

    private static String describe(Applied a) {
        return "has applied up to " + a.position() + ", lag " + a.lagMillis() + " ms";
    }
}
