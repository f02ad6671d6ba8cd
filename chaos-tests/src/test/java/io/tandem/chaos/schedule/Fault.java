package io.tandem.chaos.schedule;

import java.time.Duration;

/**
 * One timed fault of a schedule.
 *
 * @param kind what goes wrong
 * @param target the region it hits (for a ZooKeeper fault: which region's view; the node is picked when injected)
 * @param peer the other end for a one-way partition, else null
 * @param start when it begins, from the schedule's start
 * @param duration how long until it heals
 */
public record Fault(FaultKind kind, String target, String peer, Duration start, Duration duration) {

    public Duration end() {
        return start.plus(duration);
    }

    @Override
    public String toString() {
        return kind.label() + " " + target + (peer != null ? "->" + peer : "") + " at " + start.toMillis() + " ms for "
                + duration.toMillis() + " ms";
    }
}
