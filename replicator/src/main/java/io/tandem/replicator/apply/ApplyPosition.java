package io.tandem.replicator.apply;

/**
 * How far the applier has got in a source region's topic, stored in the target database in the same
 * transaction as the changes it covers.
 *
 * @param nextOffset the offset of the first record not yet applied (where the consumer seeks on start)
 * @param appliedLsn the source LSN of the last applied transaction, or -1
 * @param appliedCommitTsMillis the source commit time of the last applied transaction, or -1
 */
public record ApplyPosition(long nextOffset, long appliedLsn, long appliedCommitTsMillis) {
    public static final ApplyPosition BEGINNING = new ApplyPosition(0, -1, -1);

    public ApplyPosition {
        if (nextOffset < 0) {
            throw new IllegalArgumentException("next offset must be >= 0, got " + nextOffset);
        }
    }
}
