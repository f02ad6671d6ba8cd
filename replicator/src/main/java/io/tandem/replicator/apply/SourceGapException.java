package io.tandem.replicator.apply;

/**
 * The stored apply position is no longer in the source topic (retention deleted records that were
 * never applied, or the topic was recreated). Permanent: the applier stops rather than skip data; run
 * {@code tandem verify} against the source region and repair, then reset the position.
 */
public final class SourceGapException extends RuntimeException {
    public SourceGapException(String message, Throwable cause) {
        super(message, cause);
    }
}
