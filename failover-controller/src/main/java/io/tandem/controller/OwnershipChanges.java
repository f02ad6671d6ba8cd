package io.tandem.controller;

import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Move;
import io.tandem.controller.decision.Verdict;
import io.tandem.controller.failover.FailoverTicker;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipConflictException;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the ownership changes the leader decided: compare-and-set on the group's node, then the
 * audit trail and the metrics. Used on the leader's tick thread only.
 */
final class OwnershipChanges {

    private static final Logger LOG = LoggerFactory.getLogger(OwnershipChanges.class);

    private final OwnershipStore ownership;
    private final AuditTrail audit;
    private final FailoverTicker failover;
    private final ControllerMetrics metrics;
    private final Clock wallClock;
    private final String actor;

    OwnershipChanges(
            OwnershipStore ownership,
            AuditTrail audit,
            FailoverTicker failover,
            ControllerMetrics metrics,
            Clock wallClock,
            String actor) {
        this.ownership = ownership;
        this.audit = audit;
        this.failover = failover;
        this.metrics = metrics;
        this.wallClock = wallClock;
        this.actor = actor;
    }

    OwnershipStore store() {
        return ownership;
    }

    /** Appends one transition to the audit trail. */
    void record(String group, String transition, Decision decision) {
        audit.append(AuditEntry.of(wallClock.instant(), actor, group, transition, decision.toString()));
    }

    /**
     * Carries out an ACT decision's moves (each to ACTIVE at epoch + 1) and audits each; other decisions
     * pass through unchanged.
     *
     * @throws OwnershipConflictException if a group changed since the snapshot the decision was made on
     */
    Decision apply(Decision decision, ClusterSnapshot snapshot, long now, String cause) {
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
            LOG.info("controller {}: {} -> {}", actor, move, moved.value());
            record(
                    move.group(),
                    cause + " " + move.fromRegion() + " -> " + move.toRegion() + " epoch "
                            + moved.value().epoch(),
                    decision);
        }
        return decision;
    }

    /**
     * Groups DRAINING with no switchover intent behind them (an operator removed it, or an older
     * leader left it) go back to their present owner, ACTIVE at epoch + 1. A group whose switchover
     * intent is pending is the switchover's: a new leader continues it from the recorded progress. An
     * absent owner's group is left to failover.
     */
    List<Decision> recoverOrphanedDrains(ClusterSnapshot snapshot, Set<String> switchingOver) {
        List<Decision> out = new ArrayList<>();
        for (Versioned<Ownership> v : snapshot.ownership().sorted().values()) {
            Ownership o = v.value();
            if (o.state() == OwnershipState.DRAINING
                    && !switchingOver.contains(o.group())
                    && snapshot.members().contains(o.owner())) {
                Versioned<Ownership> back = ownership.compareAndSet(v, o.next(o.owner(), OwnershipState.ACTIVE));
                Decision d = Decision.act(
                        o.group() + " was left DRAINING with no switchover intent behind it; " + o.owner()
                                + " owns it again, ACTIVE at epoch "
                                + back.value().epoch(),
                        List.of());
                record(o.group(), "recover drain", d);
                out.add(d);
            }
        }
        return out;
    }
}
