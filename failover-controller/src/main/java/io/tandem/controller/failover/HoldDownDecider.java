package io.tandem.controller.failover;

import io.tandem.controller.decision.Decision;
import java.time.Duration;
import java.util.Optional;

/** Refuses to move a group again within hold-down of its last move (no flapping). */
final class HoldDownDecider {

    private HoldDownDecider() {}

    static Optional<Decision> decide(GroupView v, FailoverPolicy policy) {
        if (v.lastMovedAt().isEmpty()) {
            return Optional.empty();
        }
        long agoMs = Duration.ofNanos(v.now() - v.lastMovedAt().getAsLong()).toMillis();
        if (agoMs < policy.holdDown().toMillis()) {
            return Optional.of(Decision.refuse("hold-down: " + v.group() + " moved " + agoMs + " ms ago < hold-down "
                    + policy.holdDown().toMillis() + " ms; not moving it from " + v.owner() + " again yet"));
        }
        return Optional.empty();
    }
}
