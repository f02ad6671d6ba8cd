package io.tandem.controller.failover;

import io.tandem.controller.decision.Decision;

/**
 * The unplanned-failover decision for one group: the first of the small deciders that stops the
 * chain wins (owner present or not gone long enough → no action; too few healthy regions → refuse;
 * moved recently → refuse), else the candidate decider picks the new owner or refuses.
 */
public final class GroupFailoverDecider {

    private GroupFailoverDecider() {}

    public static Decision decide(GroupView v, FailoverPolicy policy) {
        return OwnerPresenceDecider.decide(v, policy)
                .or(() -> HealthyRegionsDecider.decide(v, policy))
                .or(() -> HoldDownDecider.decide(v, policy))
                .orElseGet(() -> CandidateDecider.decide(v, policy, false));
    }
}
