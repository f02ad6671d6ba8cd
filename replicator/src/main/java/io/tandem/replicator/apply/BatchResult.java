package io.tandem.replicator.apply;

/**
 * What one batch did, after its transaction committed.
 *
 * @param position the stored position after the batch
 * @param transactions source transactions applied (not counting ones already applied before)
 * @param applied changes written
 * @param skipped changes dominated by the stored version
 * @param conflicts conflicts resolved and logged
 * @param deadLettered changes moved to the dead-letter table
 * @param parked changes parked because their table's schema drifted
 */
public record BatchResult(
        ApplyPosition position,
        int transactions,
        long applied,
        long skipped,
        long conflicts,
        long deadLettered,
        long parked) {}
