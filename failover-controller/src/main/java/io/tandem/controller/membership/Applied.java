package io.tandem.controller.membership;

/**
 * How far a region has applied one source region's changes.
 *
 * @param position the source position (a PostgreSQL LSN as a number) of the last applied change
 * @param lagMillis the delay between the source commit and the local apply, as of the last applied batch
 * @param commitMillis the source commit time of the last applied change, on the source database's clock
 *     (epoch milliseconds); 0 when not known. Failover compares it with the time the failed owner last
 *     published its own position, read from the same clock.
 */
public record Applied(long position, long lagMillis, long commitMillis) {

    public Applied {
        if (position < 0) {
            throw new IllegalArgumentException("applied position " + position + " must be >= 0");
        }
        if (lagMillis < 0) {
            throw new IllegalArgumentException("lag " + lagMillis + " ms must be >= 0");
        }
        if (commitMillis < 0) {
            throw new IllegalArgumentException("commit time " + commitMillis + " must be >= 0 (0 = unknown)");
        }
    }

    /** Progress whose source commit time is not known. */
    public Applied(long position, long lagMillis) {
        this(position, lagMillis, 0);
    }
}
