package io.tandem.controller.switchover;

/**
 * The current write position of a region's database (its WAL LSN as a number). The replicator
 * implements it; a switchover records the draining owner's position and waits until the target
 * has applied up to it.
 */
@FunctionalInterface
public interface SourcePosition {

    /**
     * @throws RuntimeException if the region's database cannot be asked; the switchover retries next tick
     */
    long currentPosition(String region);
}
