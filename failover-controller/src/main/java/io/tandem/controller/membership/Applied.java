package io.tandem.controller.membership;

/**
 * How far a region has applied one source region's changes: the source position (a PostgreSQL LSN
 * as a number) and the lag in milliseconds between the source commit and the local apply.
 */
public record Applied(long position, long lagMillis) {

    public Applied {
        if (position < 0) {
            throw new IllegalArgumentException("applied position " + position + " must be >= 0");
        }
        if (lagMillis < 0) {
            throw new IllegalArgumentException("lag " + lagMillis + " ms must be >= 0");
        }
    }
}
