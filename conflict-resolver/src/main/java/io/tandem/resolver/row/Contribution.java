package io.tandem.resolver.row;

/**
 * What one region has added to a counter column: the sum of its increments and the sum of its
 * decrements (as a positive number). Both only grow, so merging two contributions of the same region
 * is the element-wise maximum.
 */
public record Contribution(long increments, long decrements) {

    public static final Contribution ZERO = new Contribution(0, 0);

    public Contribution {
        if (increments < 0 || decrements < 0) {
            throw new IllegalArgumentException("counter contribution (" + increments + ", " + decrements
                    + "): expected non-negative sums of increments and of decrements");
        }
    }

    public long net() {
        return increments - decrements;
    }

    public Contribution add(long delta) {
        return delta >= 0
                ? new Contribution(Math.addExact(increments, delta), decrements)
                : new Contribution(increments, Math.addExact(decrements, -delta));
    }

    public Contribution merge(Contribution other) {
        return new Contribution(Math.max(increments, other.increments), Math.max(decrements, other.decrements));
    }
}
