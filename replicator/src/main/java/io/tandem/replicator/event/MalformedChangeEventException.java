package io.tandem.replicator.event;

/**
 * A change event that cannot be decoded. It is permanent: retrying will not help, so the applier
 * moves the raw bytes to the dead-letter table with this message and continues.
 */
public final class MalformedChangeEventException extends RuntimeException {
    public MalformedChangeEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
