package io.tandem.replicator.apply;

/**
 * An applier stopped because a batch kept failing after its bounded retries (or the source has a
 * gap). Nothing past the stored position was skipped: fix the cause and start a new applier, which
 * resumes at {@code tandem.apply_position}.
 */
public final class ApplyFailedException extends RuntimeException {
    public ApplyFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
