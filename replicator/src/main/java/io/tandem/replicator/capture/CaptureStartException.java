package io.tandem.replicator.capture;

import java.sql.SQLException;

/**
 * Capture could not check its database before starting. {@link #retriable()} is false when the
 * configuration or database must change first — bad credentials (SQLSTATE class 28), an unknown
 * database (3D000), the tandem schema missing (42P01: run {@code tandem init}) — and true otherwise
 * (database unreachable, restarting).
 */
public final class CaptureStartException extends RuntimeException {
    private final boolean retriable;

    CaptureStartException(String region, SQLException cause) {
        super(
                "capture for region " + region + " cannot read its slot and offsets (SQLSTATE " + cause.getSQLState()
                        + "): " + cause.getMessage()
                        + ("42P01".equals(cause.getSQLState())
                                ? "; the tandem schema is missing: run tandem init for region " + region
                                : ""),
                cause);
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        this.retriable = !state.startsWith("28") && !state.equals("42P01") && !state.equals("3D000");
    }

    public boolean retriable() {
        return retriable;
    }
}
