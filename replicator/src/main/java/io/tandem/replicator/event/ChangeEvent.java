package io.tandem.replicator.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One captured row change as it travels from a region's capture, through that region's Kafka topic,
 * to every other region's applier.
 *
 * <p>Column values are JSON scalars ({@code String}, {@code Number}, {@code Boolean} or {@code null});
 * types that JSON lacks (timestamps, numerics, bytea, json) travel as their PostgreSQL text form and
 * the applier casts them to the target column's type.
 *
 * @param sourceRegion the region whose database made the write and whose topic carries it
 * @param table schema-qualified table name, e.g. {@code public.orders}
 * @param op upsert or delete
 * @param key primary-key column values, in key order
 * @param row all column values after the write (without Tandem's metadata columns); empty for a delete
 * @param versionVector the row's version vector after the write, in the resolver's text encoding
 * @param hlc the hybrid logical clock timestamp of the write
 * @param origin the region of the write that produced this version
 * @param meta policy state of the row (per-column stamps, counter contributions, delete/update dots)
 *     in the resolver's text encoding, or {@code null} when the table's policy needs none
 * @param tx the source transaction position
 */
public record ChangeEvent(
        String sourceRegion,
        String table,
        ChangeOp op,
        Map<String, Object> key,
        Map<String, Object> row,
        String versionVector,
        long hlc,
        String origin,
        String meta,
        SourceTx tx) {

    public ChangeEvent {
        requireText(sourceRegion, "sourceRegion");
        requireText(table, "table");
        Objects.requireNonNull(op, "op");
        requireText(versionVector, "versionVector");
        requireText(origin, "origin");
        Objects.requireNonNull(tx, "tx");
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("change event for " + table + " has no primary-key values");
        }
        row = row == null ? Map.of() : row;
        if (op.carriesRow() && row.isEmpty()) {
            throw new IllegalArgumentException(op + " event for " + table + " carries no column values");
        }
        key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        row = Collections.unmodifiableMap(new LinkedHashMap<>(row));
    }

    /**
     * The Kafka record key: table and primary key, so that every change of one row lands in the same
     * partition, in order.
     */
    public String partitionKey() {
        return table + "|" + key.values();
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("change event field '" + field + "' must be non-blank");
        }
    }
}
