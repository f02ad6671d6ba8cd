package io.tandem.controller.switchover;

import static io.tandem.controller.switchover.SwitchoverState.ABORTED;
import static io.tandem.controller.switchover.SwitchoverState.CATCHING_UP;
import static io.tandem.controller.switchover.SwitchoverState.DONE;
import static io.tandem.controller.switchover.SwitchoverState.FENCING;
import static io.tandem.controller.switchover.SwitchoverState.HANDING_OVER;
import static io.tandem.controller.switchover.SwitchoverState.REJECTED;
import static io.tandem.controller.switchover.SwitchoverState.REQUESTED;
import static io.tandem.controller.switchover.SwitchoverState.ROLLED_BACK;
import static io.tandem.controller.switchover.SwitchoverState.ROLLING_BACK;

import io.tandem.controller.ownership.Ownership;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every legal switchover transition, listed once (as Resilience4j's {@code StateTransition}), with
 * what it writes to the group's ownership node. {@link #between} is the only way to obtain one;
 * anything not listed throws.
 */
public enum SwitchoverTransition {
    REQUESTED_TO_FENCING(REQUESTED, FENCING, OwnershipWrite.FROM_DRAINING),
    REQUESTED_TO_REJECTED(REQUESTED, REJECTED, OwnershipWrite.NOTHING),
    FENCING_TO_CATCHING_UP(FENCING, CATCHING_UP, OwnershipWrite.NOTHING),
    FENCING_TO_ROLLING_BACK(FENCING, ROLLING_BACK, OwnershipWrite.FROM_ACTIVE),
    FENCING_TO_ABORTED(FENCING, ABORTED, OwnershipWrite.NOTHING),
    CATCHING_UP_TO_HANDING_OVER(CATCHING_UP, HANDING_OVER, OwnershipWrite.TO_ACTIVE),
    CATCHING_UP_TO_ROLLING_BACK(CATCHING_UP, ROLLING_BACK, OwnershipWrite.FROM_ACTIVE),
    CATCHING_UP_TO_ABORTED(CATCHING_UP, ABORTED, OwnershipWrite.NOTHING),
    HANDING_OVER_TO_DONE(HANDING_OVER, DONE, OwnershipWrite.NOTHING),
    HANDING_OVER_TO_ABORTED(HANDING_OVER, ABORTED, OwnershipWrite.NOTHING),
    ROLLING_BACK_TO_ROLLED_BACK(ROLLING_BACK, ROLLED_BACK, OwnershipWrite.NOTHING),
    ROLLING_BACK_TO_ABORTED(ROLLING_BACK, ABORTED, OwnershipWrite.NOTHING);

    private final SwitchoverState from;
    private final SwitchoverState to;
    private final OwnershipWrite writes;

    SwitchoverTransition(SwitchoverState from, SwitchoverState to, OwnershipWrite writes) {
        this.from = from;
        this.to = to;
        this.writes = writes;
    }

    /** What this transition writes to the ownership node (a compare-and-set raising the epoch), if anything. */
    public OwnershipWrite writes() {
        return writes;
    }

    /**
     * The ownership-writing transition out of {@code s}'s state whose write {@code found} is, if any:
     * how a new leader recognises that its predecessor wrote ownership but died before recording the
     * transition in the intent.
     */
    public static Optional<SwitchoverTransition> whoseWriteIs(Switchover s, Ownership found) {
        return Arrays.stream(values())
                .filter(t -> t.from == s.state() && t.writes.wrote(s, found))
                .findFirst();
    }

    public SwitchoverState from() {
        return from;
    }

    public SwitchoverState to() {
        return to;
    }

    /**
     * The transition from {@code from} to {@code to}.
     *
     * @throws IllegalStateException if the table does not list it, naming the legal targets
     */
    public static SwitchoverTransition between(SwitchoverState from, SwitchoverState to) {
        for (SwitchoverTransition t : values()) {
            if (t.from == from && t.to == to) {
                return t;
            }
        }
        String legal = Arrays.stream(values())
                .filter(t -> t.from == from)
                .map(t -> t.to.name())
                .collect(Collectors.joining(", "));
        throw new IllegalStateException("illegal switchover transition " + from + " -> " + to + "; from " + from
                + " the legal targets are: " + (legal.isEmpty() ? "none (terminal state)" : legal));
    }

    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
