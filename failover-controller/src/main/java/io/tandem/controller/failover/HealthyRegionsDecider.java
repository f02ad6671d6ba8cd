package io.tandem.controller.failover;

import io.tandem.controller.decision.Decision;
import java.util.Optional;

/** Refuses to move anything when fewer than min-healthy-regions members are healthy. */
final class HealthyRegionsDecider {

    private HealthyRegionsDecider() {}

    static Optional<Decision> decide(GroupView v, FailoverPolicy policy) {
        long healthy = v.members().healthyCount();
        if (healthy < policy.minHealthyRegions()) {
            return Optional.of(Decision.refuse("cannot move " + v.group() + " from " + v.owner() + ": only " + healthy
                    + " healthy region(s) < min-healthy-regions " + policy.minHealthyRegions()));
        }
        return Optional.empty();
    }
}
