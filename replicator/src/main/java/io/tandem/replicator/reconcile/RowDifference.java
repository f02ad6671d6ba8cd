package io.tandem.replicator.reconcile;

import java.util.Map;
import java.util.Optional;

/**
 * One primary key whose row differs between regions.
 *
 * @param key the key as JSON text, e.g. {@code {"id":42}}
 * @param rows per region, the row as PostgreSQL's row text (compared columns only), or empty where
 *     the row is missing
 */
public record RowDifference(String key, Map<String, Optional<String>> rows) {
    public RowDifference {
        rows = Map.copyOf(rows);
    }

    /** Regions where the row is missing. */
    public java.util.List<String> missingIn() {
        return rows.entrySet().stream()
                .filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
