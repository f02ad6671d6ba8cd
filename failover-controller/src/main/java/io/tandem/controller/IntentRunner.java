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
import io.tandem.controller.switchover.SwitchoverProgress;
import io.tandem.controller.switchover.SwitchoverState;
import io.tandem.controller.switchover.SwitchoverTransition;
import io.tandem.controller.switchover.TickTime;
import io.tandem.controller.switchover.TransitionListener;
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
 * is removed when it ends; an operator failover is decided and applied in one tick. Every switchover
 * transition is recorded in the intent node ({@link SwitchoverProgress}, compare-and-set on the node
 * version) before it is audited, so a new leader continues an in-flight switchover from the recorded
 * state instead of starting over. Used on the leader's tick thread only.
 */
final class IntentRunner {

    private final IntentStore intents;
    private final OwnershipChanges changes;
    private final FailoverTicker failover;
    private final SourcePosition sourcePosition;
    private final AppliedPositions appliedPositions;
    private final ControllerMetrics metrics;
    private final String actor;
    private final Map<String, Tracked> switchovers = new HashMap<>(); // by intent id
    private TickTime tickTime = new TickTime(0, 0);

    IntentRunner(
            IntentStore intents,
            OwnershipChanges changes,
            FailoverTicker failover,
            SourcePosition sourcePosition,
            AppliedPositions appliedPositions,
            ControllerMetrics metrics,
            String actor) {
        this.intents = intents;
        this.changes = changes;
        this.failover = failover;
        this.sourcePosition = sourcePosition;
        this.appliedPositions = appliedPositions;
        this.metrics = metrics;
        this.actor = actor;
    }

    /** The pending intents, read once per tick. */
    List<Versioned<Intent>> pending() {
        return intents.pending();
    }

    /** Groups with a pending switchover intent, carried out by this leader or recorded by a previous one. */
    static Set<String> switchoverGroups(List<Versioned<Intent>> pending) {
        return pending.stream()
                .map(Versioned::value)
                .filter(i -> i.kind() == IntentKind.SWITCHOVER)
                .map(Intent::group)
                .collect(Collectors.toSet());
    }

    /** Groups a switchover of this leader is moving. */
    Set<String> switchingOver() {
        return switchovers.values().stream()
                .map(t -> t.execution.current().group())
                .collect(Collectors.toSet());
    }

    /** Drops in-flight switchovers (leadership lost); the next leader continues them from their intents. */
    void forget() {
        switchovers.clear();
    }

    /** Carries out the pending intents at {@code tick} (this process's monotonic and wall clocks read together). */
    List<Decision> carryOut(List<Versioned<Intent>> pending, ClusterSnapshot snapshot, TickTime tick) {
        tickTime = tick;
        long now = tick.nanos();
        List<Decision> out = new ArrayList<>();
        for (Versioned<Intent> intent : pending) {
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
        Tracked tracked = switchovers.get(intent.id());
        if (tracked != null && tracked.intent.version() != versioned.version()) {
            switchovers.remove(intent.id()); // someone else wrote the intent since: go on from what it says now
            tracked = null;
        }
        try {
            if (tracked == null) {
                tracked = intent.progress() == null ? begin(versioned, snapshot, now) : resume(versioned);
                switchovers.put(intent.id(), tracked);
            }
            Switchover s = tracked.execution.current();
            Decision d = s.state().terminal()
                    ? Decision.noAction(s + " had finished; removing its intent")
                    : tracked.execution.step(snapshot, now);
            s = tracked.execution.current();
            if (s.state().terminal()) {
                switchovers.remove(intent.id());
                intents.remove(tracked.intent);
                metrics.switchover(
                        s.group(),
                        s.to(),
                        s.state().name().toLowerCase(Locale.ROOT),
                        Duration.ofNanos(now - s.startedNanos()),
                        Duration.ofNanos(now - s.fencedNanos().orElse(now)));
            }
            return d;
        } catch (IntentChangedException e) {
            switchovers.remove(intent.id());
            return Decision.noAction(e.getMessage());
        }
    }

    /** A switchover nobody started yet: record it as REQUESTED (its start time) before any step. */
    private Tracked begin(Versioned<Intent> versioned, ClusterSnapshot snapshot, long now) {
        Intent intent = versioned.value();
        Ownership current = snapshot.ownership(intent.group())
                .map(Versioned::value)
                .orElse(Ownership.initial(intent.group(), intent.target())); // rejected as "no owner yet"
        Tracked tracked = new Tracked(versioned);
        tracked.execution = SwitchoverExecution.start(
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
                tracked);
        tracked.persist();
        return tracked;
    }

    /** A switchover a previous leader recorded: continue from its state, times and source position. */
    private Tracked resume(Versioned<Intent> versioned) {
        Intent intent = versioned.value();
        SwitchoverProgress p = intent.progress();
        Tracked tracked = new Tracked(versioned);
        tracked.execution = SwitchoverExecution.resume(
                p.switchover(intent.id(), intent.group(), intent.target(), tickTime),
                p.enteredNanos(tickTime),
                intent.timeout(),
                changes.store(),
                sourcePosition,
                appliedPositions,
                tracked);
        Switchover s = tracked.execution.current();
        long elapsedMs = Duration.ofNanos(tickTime.nanos() - s.startedNanos()).toMillis();
        changes.record(
                s.group(),
                "switchover " + s.id() + " of " + s.group() + " " + s.from() + " -> " + s.to() + ": resumed in "
                        + s.state(),
                Decision.act(
                        actor + " continues " + s + " as recorded by " + p.recordedBy() + ": started " + elapsedMs
                                + " ms ago (timeout " + intent.timeoutMillis() + " ms), source position "
                                + (p.sourcePosition() == null ? "not recorded yet" : p.sourcePosition()),
                        List.of()));
        return tracked;
    }

    /** Thrown when the intent node changed under this leader; the switchover is read again next tick. */
    private static final class IntentChangedException extends RuntimeException {
        IntentChangedException(String message) {
            super(message);
        }
    }

    /** One switchover this leader carries out and the intent version it last wrote. */
    private final class Tracked implements TransitionListener {

        private Versioned<Intent> intent;
        private SwitchoverExecution execution;

        Tracked(Versioned<Intent> intent) {
            this.intent = intent;
        }

        /** Records the current progress in the intent node (compare-and-set). */
        void persist() {
            Switchover s = execution.current();
            SwitchoverProgress p = SwitchoverProgress.of(s, execution.enteredNanos(), tickTime, actor);
            intent = intents.update(intent, intent.value().withProgress(p))
                    .orElseThrow(() -> new IntentChangedException("switchover " + s.id() + " of " + s.group()
                            + ": its intent changed or was removed since version " + intent.version()
                            + " (another leader, or an operator); not recording " + s.state()
                            + "; reading it again next tick"));
        }

        @Override
        public void onTransition(Switchover s, SwitchoverTransition t, String reason) {
            persist();
            String text = "switchover " + s.id() + " of " + s.group() + " " + s.from() + " -> " + s.to() + ": " + t;
            Decision d = s.state() == SwitchoverState.REJECTED || s.state() == SwitchoverState.ABORTED
                    ? Decision.refuse(reason)
                    : Decision.act(reason, List.of());
            changes.record(s.group(), text, d);
        }
    }
}
