package io.tandem.controller;

import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Verdict;
import io.tandem.controller.failover.FailoverTicker;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.leader.ControllerLeadership;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import io.tandem.controller.switchover.AppliedPositions;
import io.tandem.controller.switchover.SourcePosition;
import io.tandem.controller.switchover.TickTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller a region daemon runs: it joins leader election and, while leader, ticks every
 * {@code tickInterval}. A tick reads one snapshot (members, ownership, intents), carries out pending
 * intents (a switchover advances one step per tick, continuing from the progress a previous leader
 * recorded in its intent), returns to their owner groups left DRAINING with no switchover intent, runs the unplanned-failover deciders and applies their moves by compare-and-set. It returns
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
    private final MonotonicClock clock;
    private final Clock wallClock;
    private final ControllerMetrics metrics;
    private final FailoverTicker failover;
    private final OwnershipChanges changes;
    private final IntentRunner intents;
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
        this.clock = clock;
        this.wallClock = wallClock;
        this.metrics = metrics;
        this.failover = new FailoverTicker(settings.policy());
        this.changes = new OwnershipChanges(
                ownership,
                new AuditTrail(client, settings.paths()),
                failover,
                metrics,
                wallClock,
                settings.participantId());
        this.intents = new IntentRunner(
                new IntentStore(client, settings.paths()),
                changes,
                failover,
                sourcePosition,
                appliedPositions,
                metrics,
                settings.participantId());
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
        // Both clocks read at one instant: a switchover's recorded wall times convert to this process's
        // monotonic clock through this pair, so a wall time read after the ZooKeeper reads below would
        // shift them (a resumed switchover's timeout fired that much early).
        TickTime tick = new TickTime(now, wallClock.millis());
        MembershipSnapshot present = members.snapshot();
        if (!leadership.isLeader()) {
            intents.forget();
            failover.observe(present, now);
            return Decision.noAction("not the leader");
        }
        ClusterSnapshot snapshot = new ClusterSnapshot(present, ownership.snapshot());
        snapshot.ownership().groups().values().forEach(v -> metrics.ownership(v.value()));
        List<Versioned<Intent>> pending = intents.pending();
        List<Decision> parts =
                new ArrayList<>(changes.recoverOrphanedDrains(snapshot, IntentRunner.switchoverGroups(pending)));
        parts.addAll(intents.carryOut(pending, snapshot, tick));
        if (parts.stream().anyMatch(d -> d.is(Verdict.ACT))) {
            snapshot = new ClusterSnapshot(present, ownership.snapshot()); // decide failover on what is now true
        }
        Set<String> busy = intents.switchingOver();
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
        groups.forEach((group, d) -> parts.add(changes.apply(auditRefusalOnce(group, d), snapshot, now, "failover")));
        return Decision.combine(parts);
    }

    /** Audits a refusal when the group's previous failover verdict was not one (not on every tick). */
    private Decision auditRefusalOnce(String group, Decision d) {
        Verdict previous = lastVerdict.put(group, d.verdict());
        if (d.is(Verdict.REFUSE) && previous != Verdict.REFUSE) {
            changes.record(group, "failover refused", d);
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
