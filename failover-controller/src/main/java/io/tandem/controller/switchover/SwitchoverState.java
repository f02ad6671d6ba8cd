package io.tandem.controller.switchover;

/** Where a planned switchover is. The legal moves between states are {@link SwitchoverTransition}. */
public enum SwitchoverState {
    /** The intent was read; the target's eligibility is being checked. */
    REQUESTED(false),
    /** The owner is DRAINING at a new epoch; waiting for its database to enforce that. */
    FENCING(false),
    /** The owner's WAL position is recorded; waiting for the target to apply up to it. */
    CATCHING_UP(false),
    /** The target owns the group (ACTIVE, new epoch); waiting for its database to enforce that. */
    HANDING_OVER(false),
    /** The target owns the group and takes writes. */
    DONE(true),
    /** The target was not eligible; nothing changed. */
    REJECTED(true),
    /** Timed out: the old owner is ACTIVE again at a new epoch; waiting for its database. */
    ROLLING_BACK(false),
    /** Rolled back: the old owner takes writes again. */
    ROLLED_BACK(true),
    /** Someone else changed the group's ownership during the switchover; this one stopped. */
    ABORTED(true);

    private final boolean terminal;

    SwitchoverState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }
}
