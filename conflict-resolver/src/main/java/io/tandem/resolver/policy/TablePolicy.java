package io.tandem.resolver.policy;

import io.tandem.resolver.row.RowMeta;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.row.Sibling;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How conflicts on one table are resolved: a winner rule for the row, a delete mode for update/delete
 * races, a default column mode and per-column overrides (e.g. one counter column in an otherwise
 * last-writer-wins table).
 *
 * <p>A policy never changes the replicated state; it only reads it ({@link #materialize}). The state's
 * merge is a join, and the policy is a deterministic function of it, so any policy converges.
 */
public record TablePolicy(
        WinnerRule winner, DeleteMode deletes, ColumnMode defaultMode, SortedMap<String, ColumnMode> columns) {

    public TablePolicy {
        if (winner == null || deletes == null || defaultMode == null || columns == null) {
            throw new IllegalArgumentException("a table policy needs a winner rule, a delete mode, a default column"
                    + " mode and column overrides (maybe empty)");
        }
        columns = Collections.unmodifiableSortedMap(new TreeMap<>(columns));
    }

    /** Last-writer-wins by (HLC, region) for whole rows; deletes are writes like any other. */
    public static TablePolicy lastWriterWins() {
        return new TablePolicy(LastWriterWins.INSTANCE, DeleteMode.LAST_WRITER, ColumnMode.ROW_WINNER, new TreeMap<>());
    }

    /** Region priority for concurrent writes, highest first. */
    public static TablePolicy regionPriority(List<String> regions) {
        return new TablePolicy(
                new RegionPriority(regions), DeleteMode.LAST_WRITER, ColumnMode.ROW_WINNER, new TreeMap<>());
    }

    /** Column-level merge: every column takes the latest write that changed it. */
    public static TablePolicy columnMerge() {
        return new TablePolicy(
                LastWriterWins.INSTANCE, DeleteMode.LAST_WRITER, ColumnMode.LATEST_WRITE, new TreeMap<>());
    }

    /** A custom winner rule loaded by class name (see {@link CustomWinner}). */
    public static TablePolicy custom(String className) {
        return new TablePolicy(
                CustomWinner.load(className), DeleteMode.LAST_WRITER, ColumnMode.ROW_WINNER, new TreeMap<>());
    }

    public TablePolicy withDeletes(DeleteMode mode) {
        return new TablePolicy(winner, mode, defaultMode, columns);
    }

    /** This policy with one column resolved differently, e.g. {@code withColumn("stock", COUNTER)}. */
    public TablePolicy withColumn(String column, ColumnMode mode) {
        TreeMap<String, ColumnMode> next = new TreeMap<>(columns);
        next.put(column, mode);
        return new TablePolicy(winner, deletes, defaultMode, next);
    }

    public ColumnMode modeOf(String column) {
        return columns.getOrDefault(column, defaultMode);
    }

    /** A readable name for conflict records: {@code last-writer-wins/delete-wins/columns{stock=COUNTER}}. */
    public String name() {
        StringBuilder out = new StringBuilder(winner.name());
        if (deletes != DeleteMode.LAST_WRITER) {
            out.append('/').append(deletes.name().toLowerCase().replace('_', '-'));
        }
        if (defaultMode != ColumnMode.ROW_WINNER) {
            out.append("/default=").append(defaultMode);
        }
        if (!columns.isEmpty()) {
            out.append("/columns").append(columns);
        }
        return out.toString();
    }

    /** The winning write among the state's concurrent writes. */
    public Sibling winnerOf(RowMeta meta) {
        List<Sibling> candidates = deletes.candidates(meta.siblings());
        return candidates.size() == 1 ? candidates.get(0) : winner.pick(candidates);
    }

    /**
     * The row as this policy presents the state: deleted iff the winning write is a delete (after the
     * delete mode narrowed the candidates); otherwise each column from its mode.
     *
     * @throws IllegalArgumentException if the state has no writes
     */
    public RowVersion materialize(RowMeta meta) {
        if (meta.siblings().isEmpty()) {
            throw new IllegalArgumentException("cannot materialize a row that no write has touched");
        }
        Sibling w = winnerOf(meta);
        if (w.deleted()) {
            return new RowVersion(Map.of(), w.stamp(), true, meta);
        }
        TreeSet<String> names = new TreeSet<>(w.values().keySet());
        names.addAll(meta.cells().keySet());
        names.addAll(meta.counters().keySet());
        columns.forEach((column, mode) -> {
            if (mode == ColumnMode.COUNTER) {
                names.add(column);
            }
        });
        TreeMap<String, Object> values = new TreeMap<>();
        for (String column : names) {
            ColumnMode mode = modeOf(column);
            if (mode.present(column, w, meta)) {
                values.put(column, mode.value(column, w, meta));
            }
        }
        return new RowVersion(values, w.stamp(), false, meta);
    }
}
