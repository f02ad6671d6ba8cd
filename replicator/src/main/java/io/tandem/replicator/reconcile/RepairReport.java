package io.tandem.replicator.reconcile;

import java.util.List;

/**
 * The result of one repair run over a table.
 *
 * @param verify the consistency check the repair started from
 * @param dryRun whether anything was written
 * @param rows per differing row, its decision and outcome, in key order
 */
public record RepairReport(String table, VerifyReport verify, boolean dryRun, List<RowRepairResult> rows) {
    public RepairReport {
        rows = List.copyOf(rows);
    }

    public long count(RepairStatus status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /** Whether every differing row was repaired, planned or found settled. */
    public boolean complete() {
        return rows.stream().allMatch(r -> r.status().done());
    }
}
