package io.tandem.resolver.row;

import io.tandem.resolver.clock.Hlc;
import io.tandem.resolver.vector.Regions;
import java.util.Comparator;

/**
 * When and where a write was made: its HLC timestamp and origin region. Ordered by (hlc, origin) —
 * a total order that extends causality, because a write's HLC exceeds that of every write it has seen.
 */
public record Stamp(long hlc, String origin) implements Comparable<Stamp> {

    private static final Comparator<Stamp> ORDER =
            Comparator.comparingLong(Stamp::hlc).thenComparing(Stamp::origin);

    public Stamp {
        Regions.require(origin);
        if (hlc < 0) {
            throw new IllegalArgumentException("HLC timestamp " + hlc + " of a write from '" + origin
                    + "' is negative; expected a value from HybridLogicalClock");
        }
    }

    @Override
    public int compareTo(Stamp other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(Stamp other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return origin + "@" + Hlc.format(hlc);
    }
}
