package io.tandem.controller.switchover;

import io.tandem.controller.ClusterSnapshot;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one planned switchover, one step per controller tick. Each {@link #step} reads the
 * tick's snapshot, performs at most one transition (from {@link SwitchoverTransition}) and returns the
 * {@link Decision} that explains it. Ownership is written by compare-and-set; if someone else changes
 * the group meanwhile, the switchover stops in ABORTED rather than fight. A leader that takes over an
 * in-flight switchover {@link #resume}s it from the progress recorded with its intent; if the ownership
 * node shows that the previous leader made its next write but died before recording it, the step
 * records that transition instead of aborting. Not thread-safe: the leader's tick thread owns it.
 */
public final class SwitchoverExecution {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchoverExecution.class);

    private final Duration timeout;
    private final OwnershipStore ownership;
    private final SourcePosition sourcePosition;
    private final AppliedPositions applied;
    private final TransitionListener listener;
    private Switchover current;
    private long enteredNanos;

    private SwitchoverExecution(
            Switchover initial,
            long enteredNanos,
            Duration timeout,
            OwnershipStore ownership,
            SourcePosition sourcePosition,
            AppliedPositions applied,
            TransitionListener listener) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("switchover timeout must be positive, got " + timeout);
        }
        this.current = initial;
        this.enteredNanos = enteredNanos;
        this.timeout = timeout;
        this.ownership = ownership;
        this.sourcePosition = sourcePosition;
        this.applied = applied;
        this.listener = listener;
    }

    /** A new switchover of {@code group} from its owner {@code from} (at {@code epoch}) to {@code to}. */
    public static SwitchoverExecution start(
            String id,
            String group,
            String from,
            String to,
            long epoch,
            Duration timeout,
            long nowNanos,
            OwnershipStore ownership,
            SourcePosition sourcePosition,
            AppliedPositions applied,
            TransitionListener listener) {
        return new SwitchoverExecution(
                Switchover.requested(id, group, from, to, epoch, nowNanos),
                nowNanos,
                timeout,
                ownership,
                sourcePosition,
                applied,
                listener);
    }

    /**
     * Continues a switchover another leader recorded ({@link SwitchoverProgress}): the same state,
     * epoch, source position, start and fence times, so the timeout still runs from the recorded start.
     */
    public static SwitchoverExecution resume(
            Switchover recorded,
            long enteredNanos,
            Duration timeout,
            OwnershipStore ownership,
            SourcePosition sourcePosition,
            AppliedPositions applied,
            TransitionListener listener) {
        return new SwitchoverExecution(recorded, enteredNanos, timeout, ownership, sourcePosition, applied, listener);
    }

    public Switchover current() {
        return current;
    }

    /** Monotonic time the current state was entered. */
    public long enteredNanos() {
        return enteredNanos;
    }

    /** Advances the switchover by at most one transition. */
    public Decision step(ClusterSnapshot snapshot, long nowNanos) {
        Switchover s = current;
        Optional<Versioned<Ownership>> read = snapshot.ownership(s.group());
        if (s.state().terminal()) {
            return Decision.noAction(s + " has finished");
        }
        Optional<SwitchoverTransition> done = read.flatMap(v -> SwitchoverTransition.whoseWriteIs(s, v.value()));
        if (done.isPresent()) {
            return adopt(done.get(), read.get().value(), nowNanos);
        }
        if (s.state() != SwitchoverState.REQUESTED
                && (read.isEmpty() || read.get().value().epoch() != s.expectedEpoch())) {
            return move(
                    SwitchoverState.ABORTED,
                    s.expectedEpoch(),
                    nowNanos,
                    "ownership of " + s.group()
                            + " changed under the switchover: expected epoch " + s.expectedEpoch() + ", found "
                            + read.map(v -> v.value().toString()).orElse("no owner"));
        }
        return switch (s.state()) {
            case REQUESTED -> start(snapshot, nowNanos);
            case FENCING -> awaitFenced(snapshot, read.get(), nowNanos);
            case CATCHING_UP -> awaitCaughtUp(read.get(), nowNanos);
            case HANDING_OVER -> awaitConfirmed(snapshot, s.to(), SwitchoverState.DONE, nowNanos);
            case ROLLING_BACK -> awaitConfirmed(snapshot, s.from(), SwitchoverState.ROLLED_BACK, nowNanos);
            default -> throw new IllegalStateException("no step for terminal state " + s.state());
        };
    }

    private Decision start(ClusterSnapshot snapshot, long now) {
        Switchover s = current;
        Optional<String> whyNot = SwitchoverEligibility.whyNot(s.group(), s.to(), snapshot)
                .or(() -> snapshot.ownership(s.group())
                        .filter(v -> !v.value().owner().equals(s.from()))
                        .map(v -> "the owner changed from " + s.from() + " to "
                                + v.value().owner() + " since the switchover was requested"));
        if (whyNot.isPresent()) {
            move(SwitchoverState.REJECTED, s.expectedEpoch(), now, whyNot.get());
            return Decision.refuse("switchover of " + s.group() + " to " + s.to() + ": " + whyNot.get());
        }
        Versioned<Ownership> read = snapshot.ownership(s.group()).orElseThrow();
        Versioned<Ownership> draining = write(SwitchoverTransition.REQUESTED_TO_FENCING, read);
        current = current.withFencedAt(now);
        return move(
                SwitchoverState.FENCING,
                draining.value().epoch(),
                now,
                s.from() + " DRAINING " + s.group() + " at epoch "
                        + draining.value().epoch() + "; local writes there stop");
    }

    private Decision awaitFenced(ClusterSnapshot snapshot, Versioned<Ownership> read, long now) {
        Switchover s = current;
        long enforced = snapshot.members()
                .get(s.from())
                .map(m -> m.fencedEpoch(s.group()))
                .orElse(0L);
        if (enforced >= s.expectedEpoch()) {
            long position;
            try {
                position = sourcePosition.currentPosition(s.from());
            } catch (RuntimeException e) {
                String why = "cannot read " + s.from() + "'s WAL position: " + e.getMessage();
                if (timedOut(now)) {
                    return rollBack(read, now, why);
                }
                LOG.warn("switchover {} of {}: {}; retrying next tick", s.id(), s.group(), why, e);
                return Decision.noAction("switchover of " + s.group() + ": " + why + "; retrying");
            }
            current = current.withSourcePosition(position);
            return move(
                    SwitchoverState.CATCHING_UP,
                    s.expectedEpoch(),
                    now,
                    s.from() + "'s database enforces epoch " + enforced + "; its WAL position is " + position
                            + "; waiting for " + s.to() + " to apply up to it");
        }
        if (timedOut(now)) {
            return rollBack(
                    read,
                    now,
                    s.from() + " did not confirm the fence (its database enforces epoch " + enforced + " < "
                            + s.expectedEpoch() + ")");
        }
        return Decision.noAction("switchover of " + s.group() + ": waiting for " + s.from()
                + "'s database to enforce DRAINING at epoch " + s.expectedEpoch() + " (enforces " + enforced + ")");
    }

    private Decision awaitCaughtUp(Versioned<Ownership> read, long now) {
        Switchover s = current;
        long target = s.sourcePosition().orElseThrow();
        OptionalLong done;
        String unreadable = "";
        try {
            done = applied.appliedUpTo(s.to(), s.from());
        } catch (RuntimeException e) {
            done = OptionalLong.empty();
            unreadable = " (cannot read its progress: " + e.getMessage() + ")";
            LOG.warn(
                    "switchover {} of {}: cannot read {}'s progress; retrying next tick", s.id(), s.group(), s.to(), e);
        }
        if (done.isPresent() && done.getAsLong() >= target) {
            Versioned<Ownership> active = write(SwitchoverTransition.CATCHING_UP_TO_HANDING_OVER, read);
            return move(
                    SwitchoverState.HANDING_OVER,
                    active.value().epoch(),
                    now,
                    s.to() + " applied "
                            + done.getAsLong() + " >= " + target + "; " + s.to() + " owns " + s.group() + " at epoch "
                            + active.value().epoch());
        }
        String progress = s.to() + " applied " + (done.isPresent() ? String.valueOf(done.getAsLong()) : "nothing")
                + " of " + s.from() + "'s changes, needs " + target + unreadable;
        if (timedOut(now)) {
            return rollBack(read, now, "catch-up timed out: " + progress);
        }
        return Decision.noAction("switchover of " + s.group() + ": waiting: " + progress);
    }

    private Decision awaitConfirmed(ClusterSnapshot snapshot, String region, SwitchoverState next, long now) {
        Switchover s = current;
        long enforced = snapshot.members()
                .get(region)
                .map(m -> m.fencedEpoch(s.group()))
                .orElse(0L);
        boolean confirmed = enforced >= s.expectedEpoch();
        if (confirmed || now - enteredNanos >= timeout.toNanos()) {
            long pauseMs = Duration.ofNanos(now - s.fencedNanos().orElse(now)).toMillis();
            return move(
                    next,
                    s.expectedEpoch(),
                    now,
                    region + (confirmed ? " enforces " : " has NOT confirmed ") + s.group() + " ACTIVE at epoch "
                            + s.expectedEpoch() + "; write pause " + pauseMs + " ms");
        }
        return Decision.noAction("switchover of " + s.group() + ": waiting for " + region
                + "'s database to enforce epoch " + s.expectedEpoch() + " (enforces " + enforced + ")");
    }

    /**
     * The ownership node already holds what {@code t} writes: a previous leader made the write and
     * stopped before recording the transition. Record it now instead of writing again.
     */
    private Decision adopt(SwitchoverTransition t, Ownership found, long now) {
        if (t.to() == SwitchoverState.FENCING && current.fencedNanos().isEmpty()) {
            current = current.withFencedAt(current.startedNanos()); // the fence came right after the start
        }
        return move(
                t.to(),
                found.epoch(),
                now,
                "the ownership node already shows " + found + ", written by a previous leader that stopped before"
                        + " recording " + t + "; continuing from " + t.to());
    }

    /** Writes what {@code t} writes after {@code read}, by compare-and-set. */
    private Versioned<Ownership> write(SwitchoverTransition t, Versioned<Ownership> read) {
        Ownership next = t.writes()
                .after(current, read.value())
                .orElseThrow(() -> new IllegalStateException(t + " writes no ownership"));
        return ownership.compareAndSet(read, next);
    }

    private Decision rollBack(Versioned<Ownership> read, long now, String why) {
        Switchover s = current;
        Versioned<Ownership> back = write(SwitchoverTransition.between(s.state(), SwitchoverState.ROLLING_BACK), read);
        return move(
                SwitchoverState.ROLLING_BACK,
                back.value().epoch(),
                now,
                "timed out after "
                        + timeout.toMillis() + " ms in " + s.state() + " (" + why + "); " + s.from() + " owns "
                        + s.group()
                        + " again, ACTIVE at epoch " + back.value().epoch());
    }

    private boolean timedOut(long now) {
        return now - current.startedNanos() >= timeout.toNanos();
    }

    private Decision move(SwitchoverState to, long epoch, long now, String reason) {
        SwitchoverTransition t = SwitchoverTransition.between(current.state(), to);
        current = current.move(t, epoch);
        enteredNanos = now;
        LOG.info(
                "switchover {} of {} {} -> {}: {}: {}",
                current.id(),
                current.group(),
                current.from(),
                current.to(),
                t,
                reason);
        listener.onTransition(current, t, reason);
        String text = "switchover of " + current.group() + " " + t + ": " + reason;
        return switch (to) {
            case ABORTED, REJECTED -> Decision.refuse(text);
            default -> Decision.act(text, List.of());
        };
    }
}
