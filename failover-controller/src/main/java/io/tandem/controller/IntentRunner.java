package io.tandem.controller;

import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Verdict;
import io.tandem.controller.failover.FailoverTicker;
import io.tandem.controller.failover.ManualFailoverDecider;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentKind;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.Versioned;
import io.tandem.controller.switchover.AppliedPositions;
import io.tandem.controller.switchover.SourcePosition;
import io.tandem.controller.switchover.Switchover;
import io.tandem.controller.switchover.SwitchoverExecution;
import io.tandem.controller.switchover.SwitchoverState;
import io.tandem.controller.switchover.SwitchoverTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Carries out operator intents on the leader: a switchover advances one step per tick and its intent
 * is removed when it ends; an operator failover is decided and applied in one tick. Used on the
 * leader's tick thread only.
 */
final class IntentRunner {

    private final IntentStore intents;
    private final OwnershipChanges changes;
    private final FailoverTicker failover;
    private final SourcePosition sourcePosition;
    private final AppliedPositions appliedPositions;
    private final ControllerMetrics metrics;
    private final Map<String, SwitchoverExecution> switchovers = new HashMap<>(); // by intent id

    IntentRunner(
            IntentStore intents,
            OwnershipChanges changes,
            FailoverTicker failover,
            SourcePosition sourcePosition,
            AppliedPositions appliedPositions,
            ControllerMetrics metrics) {
        this.intents = intents;
        this.changes = changes;
        this.failover = failover;
        this.sourcePosition = sourcePosition;
        this.appliedPositions = appliedPositions;
        this.metrics = metrics;
    }

    /** Groups a switchover of this leader is moving. */
    Set<String> switchingOver() {
        return switchovers.values().stream().map(e -> e.current().group()).collect(Collectors.toSet());
    }

    /** Drops in-flight switchovers (leadership lost); the next leader recovers any group left DRAINING. */
    void forget() {
        switchovers.clear();
    }

    List<Decision> carryOut(ClusterSnapshot snapshot, long now) {
        List<Decision> out = new ArrayList<>();
        for (Versioned<Intent> intent : intents.pending()) {
            out.add(
                    intent.value().kind() == IntentKind.FAILOVER
                            ? operatorFailover(intent, snapshot, now)
                            : switchover(intent, snapshot, now));
        }
        return out;
    }

    private Decision operatorFailover(Versioned<Intent> versioned, ClusterSnapshot snapshot, long now) {
        Intent intent = versioned.value();
        String cause = "operator failover " + intent.id();
        Decision d = snapshot.ownership(intent.group())
                .map(v -> ManualFailoverDecider.decide(
                        failover.view(v.value(), snapshot, now), intent.target(), intent.force(), failover.policy()))
                .orElseGet(() -> Decision.refuse("failover of " + intent.group() + ": the group has no owner"));
        if (d.is(Verdict.REFUSE)) {
            changes.record(intent.group(), cause + " refused", d);
        }
        Decision applied = changes.apply(d, snapshot, now, cause);
        intents.remove(versioned);
        return applied;
    }

    private Decision switchover(Versioned<Intent> versioned, ClusterSnapshot snapshot, long now) {
        Intent intent = versioned.value();
        SwitchoverExecution execution = switchovers.get(intent.id());
        if (execution == null) {
            Ownership current = snapshot.ownership(intent.group())
                    .map(Versioned::value)
                    .orElse(Ownership.initial(intent.group(), intent.target())); // rejected as "no owner yet"
            execution = new SwitchoverExecution(
                    intent.id(),
                    intent.group(),
                    current.owner(),
                    intent.target(),
                    current.epoch(),
                    intent.timeout(),
                    now,
                    changes.store(),
                    sourcePosition,
                    appliedPositions,
                    this::onTransition);
            switchovers.put(intent.id(), execution);
        }
        Decision d = execution.step(snapshot, now);
        Switchover s = execution.current();
        if (s.state().terminal()) {
            switchovers.remove(intent.id());
            intents.remove(versioned);
            metrics.switchover(
                    s.group(),
                    s.to(),
                    s.state().name().toLowerCase(Locale.ROOT),
                    Duration.ofNanos(now - s.startedNanos()),
                    Duration.ofNanos(now - s.fencedNanos().orElse(now)));
        }
        return d;
    }

    private void onTransition(Switchover s, SwitchoverTransition t, String reason) {
        String text = "switchover " + s.id() + " of " + s.group() + " " + s.from() + " -> " + s.to() + ": " + t;
        Decision d = s.state() == SwitchoverState.REJECTED || s.state() == SwitchoverState.ABORTED
                ? Decision.refuse(reason)
                : Decision.act(reason, List.of());
        changes.record(s.group(), text, d);
    }
}
