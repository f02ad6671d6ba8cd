package io.tandem.replicator.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A replicated table as declared in configuration.
 *
 * @param name schema-qualified table name, e.g. {@code public.orders}
 * @param primaryKey primary-key column names, in key order
 * @param mode multi-writer or owned
 * @param policy the conflict policy name understood by the conflict resolver (e.g. {@code lww},
 *     {@code region-priority}, {@code column-merge}, {@code delete-wins}, {@code update-wins}, or
 *     {@code custom:<class name>})
 * @param counterColumns numeric columns whose concurrent deltas add up instead of overwriting
 * @param shardKey for an owned table, the column whose value places a row in a shard group
 */
public record TableSpec(
        String name,
        List<String> primaryKey,
        TableMode mode,
        String policy,
        Set<String> counterColumns,
        Optional<String> shardKey) {

    private static final Pattern QUALIFIED = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");

    public TableSpec {
        if (name == null || !QUALIFIED.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "table name '" + name + "' must be schema-qualified lower-case identifiers, e.g. public.orders");
        }
        if (primaryKey == null || primaryKey.isEmpty()) {
            throw new IllegalArgumentException(
                    "table " + name + " has no primary key; Tandem replicates only tables with a primary key");
        }
        primaryKey = List.copyOf(primaryKey);
        if (mode == null) {
            throw new IllegalArgumentException("table " + name + " needs a mode (multi-writer or owned)");
        }
        policy = policy == null || policy.isBlank() ? "lww" : policy;
        counterColumns = counterColumns == null ? Set.of() : Set.copyOf(counterColumns);
        shardKey = shardKey == null ? Optional.empty() : shardKey;
        if (mode.fenced() && shardKey.isEmpty()) {
            throw new IllegalArgumentException("owned table " + name + " needs a shard-key column");
        }
        for (String counter : counterColumns) {
            if (primaryKey.contains(counter)) {
                throw new IllegalArgumentException(
                        "table " + name + ": primary-key column " + counter + " cannot be a counter column");
            }
        }
    }

    public String schema() {
        return name.substring(0, name.indexOf('.'));
    }

    public String table() {
        return name.substring(name.indexOf('.') + 1);
    }
}
