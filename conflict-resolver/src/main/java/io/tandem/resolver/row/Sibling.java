package io.tandem.resolver.row;

import io.tandem.resolver.codec.JsonValues;
import io.tandem.resolver.vector.Causality;
import io.tandem.resolver.vector.VersionVector;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One write that no other known write has seen: a causally maximal version of the row. Concurrent
 * writes are kept side by side as siblings (at most one per region, since a region's own writes are
 * causally ordered), so that every policy can decide among exactly the writes that conflict.
 *
 * @param vv the version vector of the write; its own component {@code vv[origin]} identifies it (its
 *     "dot")
 * @param stamp HLC timestamp and origin region of the write
 * @param deleted whether the write deleted the row (a tombstone)
 * @param values the row image after the write, for the columns that follow the row winner
 */
public record Sibling(VersionVector vv, Stamp stamp, boolean deleted, Map<String, Object> values) {

    public Sibling {
        if (vv == null || stamp == null || values == null) {
            throw new IllegalArgumentException("a sibling needs a version vector, a stamp and values (maybe empty)");
        }
        if (vv.get(stamp.origin()) < 1) {
            throw new IllegalArgumentException("write from '" + stamp.origin() + "' has version vector " + vv
                    + " without an entry for its own region; a write increments vv[origin] first");
        }
        TreeMap<String, Object> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k, JsonValues.canonical(k, v)));
        values = Collections.unmodifiableSortedMap(copy);
    }

    public String origin() {
        return stamp.origin();
    }

    /** The write's own counter: with {@link #origin()} it identifies the write. */
    public long dot() {
        return vv.get(stamp.origin());
    }

    /** True if this write has seen (is causally after or equal to) the other write. */
    public boolean hasSeen(Sibling other) {
        return vv.coversDot(other.origin(), other.dot());
    }

    /** True if the other write has seen this one and is a different write. */
    public boolean isDominatedBy(Sibling other) {
        return vv.compare(other.vv) == Causality.BEFORE;
    }
}
