package io.tandem.replicator.reconcile;

import io.tandem.replicator.apply.StoredVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What repair decided for one differing row: repair it, refuse (and why), or nothing to do because
 * the regions agree by the time their versions were read.
 */
public sealed interface RowDecision {
    /** The row's primary key as JSON text, e.g. {@code {"id": 42}}. */
    String key();

    /** Per region (in the order given), the version read for the decision; empty where it has none. */
    Map<String, Optional<StoredVersion>> before();

    /**
     * Repair the row: write {@code decided} in {@code writeRegion} as an ordinary local write, so its new
     * version dominates every region's and replication carries it everywhere.
     *
     * @param keyValues the primary key, column → JSON scalar
     * @param basis why this version
     * @param sources the regions whose versions decided
     * @param decided the version to restore (a tombstone: the row is deleted everywhere)
     * @param differing the regions whose version differs from the decided one
     * @param writeRegion where the repair's write is made (and logged)
     */
    record Repair(
            String key,
            Map<String, Object> keyValues,
            Map<String, Optional<StoredVersion>> before,
            RepairBasis basis,
            List<String> sources,
            StoredVersion decided,
            List<String> differing,
            String writeRegion)
            implements RowDecision {
        public Repair {
            Objects.requireNonNull(key, "key");
            keyValues = Collections.unmodifiableMap(new LinkedHashMap<>(keyValues));
            before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
            Objects.requireNonNull(basis, "basis");
            sources = List.copyOf(sources);
            Objects.requireNonNull(decided, "decided");
            differing = List.copyOf(differing);
            if (!before.containsKey(writeRegion)) {
                throw new IllegalArgumentException("write region " + writeRegion + " is not one of " + before.keySet());
            }
        }

        /** What the repair does to the row, in a word: {@code update} or {@code delete}. */
        public String action() {
            return decided.tombstone() ? "delete" : "update";
        }
    }

    /** The row cannot be repaired without the operator's help; {@code reason} says what to do. */
    record Refusal(String key, Map<String, Optional<StoredVersion>> before, String reason) implements RowDecision {
        public Refusal {
            Objects.requireNonNull(key, "key");
            before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Every region holds the same version now (the difference was in flight when verify ran). */
    record Settled(String key, Map<String, Optional<StoredVersion>> before) implements RowDecision {
        public Settled {
            Objects.requireNonNull(key, "key");
            before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        }
    }
}
