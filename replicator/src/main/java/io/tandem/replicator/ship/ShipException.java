package io.tandem.replicator.ship;

/**
 * Kafka did not acknowledge a batch of change events. Capture stops without committing its
 * position, so the batch is sent again when capture restarts. {@link #retriable()} says whether a
 * plain restart can help (broker unavailable, timeout) or whether configuration must change first
 * (authorization, record too large, unknown topic with auto-creation off).
 */
public final class ShipException extends RuntimeException {
    private final boolean retriable;

    public ShipException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
