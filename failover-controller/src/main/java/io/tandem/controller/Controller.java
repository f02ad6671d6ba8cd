package io.tandem.controller;

import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Move;
import io.tandem.controller.decision.Verdict;
import io.tandem.controller.failover.FailoverTicker;
import io.tandem.controller.failover.ManualFailoverDecider;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentKind;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.leader.ControllerLeadership;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipConflictException;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import io.tandem.controller.switchover.AppliedPositions;
import io.tandem.controller.switchover.SourcePosition;
import io.tandem.controller.switchover.Switchover;
import io.tandem.controller.switchover.SwitchoverExecution;
import io.tandem.controller.switchover.SwitchoverState;
import io.tandem.controller.switchover.SwitchoverTransition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller a region daemon runs: it joins leader election and, while leader, ticks every
 * {@code tickInterval}. A tick reads one snapshot (members, ownership, intents), carries out pending
 * intents (a switchover advances one step per tick), recovers groups left DRAINING by a previous
 * leader, runs the unplanned-failover deciders and applies their moves by compare-and-set. It returns
 * the tick's {@link Decision}, logs it when it changes, and stores every ownership change and refusal
 * in the audit trail.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} is idempotent. Ticks run on one thread.
 */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final Lifecycle lifecycle = new Lifecycle("controller");
    private final ControllerSettings settings;
    private final ControllerLeadership leadership;
    private final OwnershipStore ownership;
    private final MembershipReader members;
    private final IntentStore intents;
    private final AuditTrail audit;
    private final SourcePosition sourcePosition;
    private final AppliedPositions appliedPositions;
    private final MonotonicClock clock;
    private final Clock wallClock;
    private final ControllerMetrics metrics;
    private final FailoverTicker failover;
    private final Map<String, SwitchoverExecution> switchovers = new HashMap<>(); // by intent id
    private final ScheduledExecutorService ticker;
    private final Map<String, Verdict> lastVerdict = new HashMap<>(); // failover verdict by group, for audit
    private final IntSupplier sessionTimeoutMs;
    private String lastLogged = "";

    public Controller(
            CuratorFramework client,
            ControllerSettings settings,
            SourcePosition sourcePosition,
            AppliedPositions appliedPositions,
            MonotonicClock clock,
            Clock wallClock,
            ControllerMetrics metrics) {
        this.settings = settings;
        this.ownership = new OwnershipStore(client, settings.paths());
        this.members = new MembershipReader(client, settings.paths());
        this.intents = new IntentStore(client, settings.paths());
        this.audit = new AuditTrail(client, settings.paths());
        this.sourcePosition = sourcePosition;
        this.appliedPositions = appliedPositions;
        this.clock = clock;
        this.wallClock = wallClock;
        this.metrics = metrics;
        this.failover = new FailoverTicker(settings.policy());
        this.sessionTimeoutMs = () -> client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs();
        this.leadership = new ControllerLeadership(client, settings.paths(), settings.participantId(), leading -> {
            metrics.leader(leading);
            LOG.info("controller {}: {} leader", settings.participantId(), leading ? "became" : "is no longer");
        });
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-controller-" + settings.region());
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        lifecycle.start();
        leadership.start();
        long every = settings.tickInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tickLogged, every, every, TimeUnit.MILLISECONDS);
    }

    public boolean isLeader() {
        return leadership.isLeader();
    }

    /** One tick; the scheduled loop calls it, and so may a caller that wants the decision now. */
    public synchronized Decision tick() {
        long now = clock.nanos();
        MembershipSnapshot present = members.snapshot();
        if (!leadership.isLeader()) {
            switchovers.clear();
            failover.observe(present, now);
            return Decision.noAction("not the leader");
        }
        ClusterSnapshot snapshot = new ClusterSnapshot(present, ownership.snapshot());
        snapshot.ownership().groups().values().forEach(v -> metrics.ownership(v.value()));
        List<Decision> parts = new ArrayList<>();
        parts.addAll(recoverOrphanedDrains(snapshot));
        for (Versioned<Intent> intent : intents.pending()) {
            parts.add(carryOut(intent, snapshot, now));
        }
        if (parts.stream().anyMatch(d -> d.is(Verdict.ACT))) {
            snapshot = new ClusterSnapshot(present, ownership.snapshot()); // decide failover on what is now true
        }
        Set<String> busy =
                switchovers.values().stream().map(e -> e.current().group()).collect(Collectors.toSet());
        parts.add(unplannedFailover(snapshot, now, busy));
        return Decision.combine(parts);
    }

    /**
     * Runs the failover deciders and applies their moves. Refuses everything while absent-for does not
     * exceed the negotiated session timeout: a region whose node is gone for less than its session
     * could still be alive and writing. A group's refusal is audited when its verdict becomes REFUSE.
     */
    private Decision unplannedFailover(ClusterSnapshot snapshot, long now, Set<String> busy) {
        int sessionMs = sessionTimeoutMs.getAsInt();
        if (settings.policy().absentFor().toMillis() <= sessionMs) {
            failover.observe(snapshot.members(), now);
            return auditRefusalOnce(
                    "*",
                    Decision.refuse("no unplanned failover: absent-for "
                            + settings.policy().absentFor().toMillis() + " ms <= ZooKeeper session timeout " + sessionMs
                            + " ms; raise absent-for above the session timeout plus a margin"));
        }
        Map<String, Decision> groups = failover.tickGroups(snapshot, now, busy);
        List<Decision> parts = new ArrayList<>();
        groups.forEach((group, d) -> parts.add(apply(auditRefusalOnce(group, d), snapshot, now, "failover")));
        return Decision.combine(parts);
    }

    /** Audits a refusal when the group's previous failover verdict was not one (not on every tick). */
    private Decision auditRefusalOnce(String group, Decision d) {
        Verdict previous = lastVerdict.put(group, d.verdict());
        if (d.is(Verdict.REFUSE) && previous != Verdict.REFUSE) {
            record(group, "failover refused", d);
        }
        return d;
    }

    private void tickLogged() {
        try {
            Decision d = tick();
            String text = d.toString();
            if (!text.equals(lastLogged)) {
                LOG.info("controller {} tick: {}", settings.participantId(), text);
                lastLogged = text;
            }
        } catch (RuntimeException e) {
            if (lifecycle.get() == Lifecycle.State.CLOSED) {
                LOG.info("controller {}: tick stopped by close(): {}", settings.participantId(), e.toString());
                return;
            }
            LOG.error(
                    "controller {} tick failed; next tick in {} ms",
                    settings.participantId(),
                    settings.tickInterval().toMillis(),
                    e);
        }
    }

    /** A group DRAINING with no switchover of this leader behind it: the previous leader died mid-way. */
    private List<Decision> recoverOrphanedDrains(ClusterSnapshot snapshot) {
        Set<String> mine =
                switchovers.values().stream().map(e -> e.current().group()).collect(Collectors.toSet());
        List<Decision> out = new ArrayList<>();
        for (Versioned<Ownership> v : snapshot.ownership().sorted().values()) {
            Ownership o = v.value();
            if (o.state() == OwnershipState.DRAINING
                    && !mine.contains(o.group())
                    && snapshot.members().contains(o.owner())) {
                Versioned<Ownership> back = ownership.compareAndSet(v, o.next(o.owner(), OwnershipState.ACTIVE));
                Decision d = Decision.act(
                        o.group() + " was left DRAINING by an interrupted switchover; " + o.owner()
                                + " owns it again, ACTIVE at epoch "
                                + back.value().epoch(),
                        List.of());
                record(o.group(), "recover drain", d);
                out.add(d);
            }
        }
        return out;
    }

    private Decision carryOut(Versioned<Intent> versioned, ClusterSnapshot snapshot, long now) {
        Intent intent = versioned.value();
        if (intent.kind() == IntentKind.FAILOVER) {
            Decision d = snapshot.ownership(intent.group())
                    .map(v -> ManualFailoverDecider.decide(
                            failover.view(v.value(), snapshot, now),
                            intent.target(),
                            intent.force(),
                            failover.policy()))
                    .orElseGet(() -> Decision.refuse("failover of " + intent.group() + ": the group has no owner"));
            if (d.is(Verdict.REFUSE)) {
                record(intent.group(), "operator failover " + intent.id() + " refused", d);
            }
            Decision applied = apply(d, snapshot, now, "operator failover " + intent.id());
            intents.remove(versioned);
            return applied;
        }
        SwitchoverExecution execution = switchovers.get(intent.id());
        if (execution == null) {
            String from = snapshot.ownership(intent.group())
                    .map(v -> v.value().owner())
                    .orElse(intent.target());
            long epoch = snapshot.ownership(intent.group())
                    .map(v -> v.value().epoch())
                    .orElse(1L);
            execution = new SwitchoverExecution(
                    intent.id(),
                    intent.group(),
                    from.equals(intent.target()) ? "none" : from,
                    intent.target(),
                    epoch,
                    intent.timeout(),
                    now,
                    ownership,
                    sourcePosition,
                    appliedPositions,
                    this::onSwitchoverTransition);
            switchovers.put(intent.id(), execution);
        }
        Decision d = execution.step(snapshot, now);
        if (execution.current().state().terminal()) {
            switchovers.remove(intent.id());
            intents.remove(versioned);
            Switchover s = execution.current();
            metrics.switchover(
                    s.group(),
                    s.to(),
                    s.state().name().toLowerCase(java.util.Locale.ROOT),
                    Duration.ofNanos(now - s.startedNanos()),
                    Duration.ofNanos(now - s.fencedNanos().orElse(now)));
        }
        return d;
    }

    private void onSwitchoverTransition(Switchover s, SwitchoverTransition t, String reason) {
        String text = "switchover " + s.id() + " of " + s.group() + " " + s.from() + " -> " + s.to() + ": " + t;
        Decision d = s.state() == SwitchoverState.REJECTED || s.state() == SwitchoverState.ABORTED
                ? Decision.refuse(reason)
                : Decision.act(reason, List.of());
        record(s.group(), text, d);
    }

    /** Carries out an ACT decision's moves by compare-and-set and audits each; other decisions pass through. */
    private Decision apply(Decision decision, ClusterSnapshot snapshot, long now, String cause) {
        if (!decision.is(Verdict.ACT)) {
            return decision;
        }
        for (Move move : decision.moves()) {
            Versioned<Ownership> current = snapshot.ownership(move.group()).orElseThrow();
            if (current.value().epoch() != move.fromEpoch()
                    || !current.value().owner().equals(move.fromRegion())) {
                throw new OwnershipConflictException(
                        "move " + move + " was decided on a different snapshot than " + current.value()
                                + "; deciding again next tick",
                        null);
            }
            Versioned<Ownership> moved =
                    ownership.compareAndSet(current, current.value().next(move.toRegion(), OwnershipState.ACTIVE));
            failover.moved(move, now);
            metrics.ownership(moved.value());
            long missingSince = failover.missingSince(move.fromRegion()).orElse(now);
            metrics.failover(move.group(), move.toRegion(), Duration.ofNanos(now - missingSince));
            LOG.info("controller {}: {} -> {}", settings.participantId(), move, moved.value());
            record(
                    move.group(),
                    cause + " " + move.fromRegion() + " -> " + move.toRegion() + " epoch "
                            + moved.value().epoch(),
                    decision);
        }
        return decision;
    }

    private void record(String group, String transition, Decision decision) {
        audit.append(
                AuditEntry.of(wallClock.instant(), settings.participantId(), group, transition, decision.toString()));
    }

    @Override
    public void close() {
        Lifecycle.State before = lifecycle.get();
        if (!lifecycle.close()) {
            return;
        }
        ticker.shutdownNow();
        try {
            if (!ticker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("controller {}: tick did not stop within 5 s", settings.participantId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (before == Lifecycle.State.STARTED) {
            leadership.close();
        }
        metrics.leader(false);
    }
}
