package io.tandem.replicator.reconcile;

/** What became of one differing row in a repair run. */
public enum RepairStatus {
    /** Dry run: the repair that would be made. */
    PLANNED(true),
    /** The repair was written (and logged) in its write region; replication carries it everywhere. */
    REPAIRED(true),
    /** Every region held the same version by the time it was read: nothing to do. */
    SETTLED(true),
    /** The row needs the operator's decision (a tie without --prefer); nothing was written. */
    REFUSED(false),
    /** The row changed in the write region after it was read; nothing was written: run repair again. */
    CHANGED(false),
    /** The write failed (e.g. fenced in a region that does not own the row); nothing was written. */
    FAILED(false);

    private final boolean done;

    RepairStatus(boolean done) {
        this.done = done;
    }

    /** Whether the row needs no further action from the operator. */
    public boolean done() {
        return done;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
