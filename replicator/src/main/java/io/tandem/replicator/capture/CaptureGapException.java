package io.tandem.replicator.capture;

/**
 * Capture cannot resume without possibly skipping changes: the region's logical slot is missing
 * (dropped, or lost in a database failover without failover slots). Permanent: restarting does not
 * help. Recreate the slot with {@code tandem init}, and run {@code tandem verify} against the other
 * regions for the changes made while no slot retained them.
 */
public final class CaptureGapException extends RuntimeException {
    public CaptureGapException(String message) {
        super(message);
    }
}
