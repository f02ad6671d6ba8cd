package io.tandem.controller.ownership;

/**
 * A compare-and-set on an ownership node lost: someone changed the group since it was read.
 * Retriable: read a fresh snapshot and decide again.
 */
public final class OwnershipConflictException extends RuntimeException {

    public OwnershipConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
