package io.tandem.replicator.apply;

/** What the applier does with an incoming version after comparing it with the current one. */
public enum ResolutionOutcome {
    /** The incoming version is dominated by (or equal to) the current one: nothing is written. */
    SKIP {
        @Override
        public boolean writes() {
            return false;
        }
    },
    /** The incoming version causally follows the current one (or there is none): it is written. */
    APPLY {
        @Override
        public boolean writes() {
            return true;
        }
    },
    /** The versions are concurrent: the resolver's merged result is written and the conflict logged. */
    MERGE {
        @Override
        public boolean writes() {
            return true;
        }
    };

    /** Whether this outcome changes the stored row. */
    public abstract boolean writes();
}
