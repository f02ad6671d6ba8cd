package io.tandem.controller.membership;

/** A region's own view of its health, published in its membership node. */
public enum Health {
    /** Capture, apply and the database all work. */
    HEALTHY(true),
    /** Works but lags or misses a component; may not receive ownership. */
    DEGRADED(false),
    /** Does not work; may not receive ownership. */
    UNHEALTHY(false);

    private final boolean canOwn;

    Health(boolean canOwn) {
        this.canOwn = canOwn;
    }

    /** Whether a region in this state may be given ownership of a group. */
    public boolean canOwn() {
        return canOwn;
    }
}
