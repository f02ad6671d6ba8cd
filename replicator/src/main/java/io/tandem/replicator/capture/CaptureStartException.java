package io.tandem.replicator.capture;

import java.sql.SQLException;

/**
 * Capture could not check its database before starting. {@link #retriable()} is false for bad
 * credentials or authorization (SQLSTATE class 28): fix the configuration first; true otherwise
 * (database unreachable, restarting).
 */
public final class CaptureStartException extends RuntimeException {
    private final boolean retriable;

    CaptureStartException(String region, SQLException cause) {
        super(
                "capture for region " + region + " cannot read its slot and offsets (SQLSTATE " + cause.getSQLState()
                        + "): " + cause.getMessage(),
                cause);
        this.retriable = cause.getSQLState() == null || !cause.getSQLState().startsWith("28");
    }

    public boolean retriable() {
        return retriable;
    }
}
