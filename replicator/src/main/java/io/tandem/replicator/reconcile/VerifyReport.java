package io.tandem.replicator.reconcile;

import java.util.List;
import java.util.Map;

/**
 * The result of comparing one table across regions.
 *
 * @param table schema-qualified table name
 * @param columns the compared columns (the table's columns less per-region bookkeeping)
 * @param rowsByRegion total rows per region
 * @param rangesCompared how many key ranges were checksummed (a measure of the narrowing work)
 * @param differences the rows that differ, ordered by their key text
 */
public record VerifyReport(
        String table,
        List<String> columns,
        Map<String, Long> rowsByRegion,
        long rangesCompared,
        List<RowDifference> differences) {

    public VerifyReport {
        columns = List.copyOf(columns);
        rowsByRegion = Map.copyOf(rowsByRegion);
        differences = List.copyOf(differences);
    }

    public boolean consistent() {
        return differences.isEmpty();
    }
}
