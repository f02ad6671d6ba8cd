package io.tandem.replicator.reconcile;

import java.util.List;

/** Why a repair chose the version it writes for a row. */
public enum RepairBasis {
    /**
     * Every region that has a version of the row holds the same one; the regions that lack the row
     * (removed behind Tandem's back, no tombstone) get it back.
     */
    RESTORE {
        @Override
        public String describe(List<String> sources) {
            return "restored from " + String.join(", ", sources);
        }
    },
    /**
     * The regions hold the same version (equal version vectors and metadata) with different values: a
     * change made behind Tandem's back. The values most regions hold win.
     */
    MAJORITY {
        @Override
        public String describe(List<String> sources) {
            return "values of the majority (" + String.join(", ", sources) + ")";
        }
    },
    /** As {@link #MAJORITY}, but no values had a majority: the operator's {@code --prefer} region decided. */
    PREFERRED {
        @Override
        public String describe(List<String> sources) {
            return "values of the preferred region " + String.join(", ", sources);
        }
    },
    /**
     * The regions hold different versions: the conflict resolver's merge (join) of all of them decides,
     * as replication itself would once every version reached every region. It may be a delete.
     */
    JOIN {
        @Override
        public String describe(List<String> sources) {
            return "conflict-resolver merge of the versions in " + String.join(", ", sources);
        }
    };

    /** A phrase for the operator, naming the regions whose versions decided. */
    public abstract String describe(List<String> sources);

    /** The spelling stored in {@code tandem.repair_log.basis} and printed. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
