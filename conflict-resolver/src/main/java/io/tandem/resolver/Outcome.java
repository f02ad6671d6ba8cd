package io.tandem.resolver;

/** What the applier does with an incoming version. */
public enum Outcome {
    /** The incoming version is dominated by or equal to the local one: nothing to write. */
    SKIP(false, false),
    /** The incoming version has seen everything the local one has: write it. */
    APPLY(true, false),
    /** The versions are concurrent: write the merged row and record the conflict. */
    MERGE(true, true);

    private final boolean writesRow;
    private final boolean conflict;

    Outcome(boolean writesRow, boolean conflict) {
        this.writesRow = writesRow;
        this.conflict = conflict;
    }

    /** Whether the applier must write the resulting row. */
    public boolean writesRow() {
        return writesRow;
    }

    /** Whether a {@link ConflictRecord} is produced (and must be stored in the conflict log). */
    public boolean isConflict() {
        return conflict;
    }
}
