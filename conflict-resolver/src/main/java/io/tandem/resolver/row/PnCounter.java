package io.tandem.resolver.row;

import io.tandem.resolver.vector.Regions;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A state-based PN-counter for one counter column: per region, the sums of its increments and
 * decrements. The column's value is the sum of all net contributions, so concurrent {@code -3} and
 * {@code -3} applied to 10 give 4. The initial value of an insert counts as the inserting region's
 * increment. Merge is the element-wise maximum per region: commutative, associative, idempotent.
 */
public record PnCounter(SortedMap<String, Contribution> byRegion) {

    public static final PnCounter EMPTY = new PnCounter(new TreeMap<>());

    public PnCounter {
        TreeMap<String, Contribution> copy = new TreeMap<>();
        byRegion.forEach((region, c) -> {
            Regions.require(region);
            if (!c.equals(Contribution.ZERO)) {
                copy.put(region, c);
            }
        });
        byRegion = Collections.unmodifiableSortedMap(copy);
    }

    public long value() {
        long sum = 0;
        for (Contribution c : byRegion.values()) {
            sum = Math.addExact(sum, c.net());
        }
        return sum;
    }

    /** This counter with {@code delta} added to {@code region}'s contribution. */
    public PnCounter add(String region, long delta) {
        if (delta == 0) {
            return this;
        }
        TreeMap<String, Contribution> next = new TreeMap<>(byRegion);
        next.put(region, next.getOrDefault(region, Contribution.ZERO).add(delta));
        return new PnCounter(next);
    }

    public PnCounter merge(PnCounter other) {
        if (other.equals(this)) {
            return this;
        }
        TreeMap<String, Contribution> next = new TreeMap<>(byRegion);
        for (Map.Entry<String, Contribution> e : other.byRegion.entrySet()) {
            next.merge(e.getKey(), e.getValue(), Contribution::merge);
        }
        return new PnCounter(next);
    }
}
