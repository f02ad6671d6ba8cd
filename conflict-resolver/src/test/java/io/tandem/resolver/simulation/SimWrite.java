package io.tandem.resolver.simulation;

import io.tandem.resolver.row.Stamp;
import io.tandem.resolver.vector.VersionVector;
import java.util.Map;

/**
 * What the simulation knows about one write, independently of the resolver's state: its vector and
 * stamp, whether it deleted, the row image of the row-winner columns, the column-merge columns it
 * changed, and the counter delta it made.
 */
record SimWrite(
        String row,
        VersionVector vv,
        Stamp stamp,
        boolean deleted,
        Map<String, Object> image,
        Map<String, Object> changed,
        long counterDelta) {

    String origin() {
        return stamp.origin();
    }

    long dot() {
        return vv.get(stamp.origin());
    }

    /** True if this write has seen {@code other} (and is not it). */
    boolean hasSeen(SimWrite other) {
        return this != other && vv.coversDot(other.origin(), other.dot());
    }

    @Override
    public String toString() {
        return (deleted ? "delete " : "write ") + stamp + " " + vv;
    }
}
