package io.tandem.replicator.reconcile;

import java.util.Objects;
import java.util.Optional;

/**
 * One differing row's decision and what became of it.
 *
 * @param newVersionVector the version vector the repair's write got (it dominates every region's), when
 *     {@link RepairStatus#REPAIRED}
 * @param detail a sentence for the operator: the plan, or why nothing was written
 */
public record RowRepairResult(
        RowDecision decision, RepairStatus status, Optional<String> newVersionVector, String detail) {
    public RowRepairResult {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(status, "status");
        newVersionVector = newVersionVector == null ? Optional.empty() : newVersionVector;
        Objects.requireNonNull(detail, "detail");
    }
}
