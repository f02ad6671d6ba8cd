package io.tandem.controller.switchover;

/**
 * One instant read from both clocks: monotonic nanoseconds for this process's timeouts, wall
 * milliseconds for what is stored in ZooKeeper and read by another process. Converts between them
 * around this instant (a later wall-clock step does not move the converted times).
 */
public record TickTime(long nanos, long wallMillis) {

    /** The wall time of a monotonic instant of this process. */
    public long wallOf(long monotonicNanos) {
        return wallMillis - Math.floorDiv(nanos - monotonicNanos, 1_000_000L);
    }

    /** The monotonic instant of this process that corresponds to a stored wall time. */
    public long nanosOf(long wall) {
        return nanos - (wallMillis - wall) * 1_000_000L;
    }
}
