package io.tandem.chaos.check;

/** What became of an acknowledged write, as the no-silent-loss invariant sorts it. */
enum Fate {
    /** Its values are what the row holds now (or, for a delete, the row is gone with a tombstone). */
    PRESENT(true),
    /** A causally later acknowledged write changed the same fields. */
    SUPERSEDED(true),
    /** It lost a conflict, and a conflict log records a version that includes it. */
    LOGGED(true),
    /** Neither present, nor superseded, nor logged: silently lost. */
    LOST(false),
    /** The row's version does not even include it: it never arrived. */
    NOT_REPLICATED(false);

    private final boolean accounted;

    Fate(boolean accounted) {
        this.accounted = accounted;
    }

    boolean accounted() {
        return accounted;
    }
}
