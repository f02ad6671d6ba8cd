package io.tandem.resolver.row;

import io.tandem.resolver.codec.JsonValues;
import io.tandem.resolver.vector.VersionVector;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A row as a table policy presents it: the visible column values (empty for a tombstone), the version
 * vector, the stamp (HLC and origin) of the winning write, the deleted flag, and the replicated
 * {@link RowMeta} it was computed from. Produced by {@code TablePolicy.materialize}; two regions
 * with equal metadata and the same policy hold equal row versions.
 */
public record RowVersion(Map<String, Object> values, Stamp winner, boolean deleted, RowMeta meta) {

    public RowVersion {
        if (values == null || winner == null || meta == null) {
            throw new IllegalArgumentException("a row version needs values (maybe empty), a winner stamp and metadata");
        }
        if (meta.siblings().isEmpty()) {
            throw new IllegalArgumentException("a row version needs metadata with at least one write");
        }
        TreeMap<String, Object> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k, JsonValues.canonical(k, v)));
        values = Collections.unmodifiableSortedMap(copy);
    }

    public VersionVector vv() {
        return meta.vv();
    }

    /** HLC timestamp of the winning write. */
    public long hlc() {
        return winner.hlc();
    }

    /** Origin region of the winning write. */
    public String origin() {
        return winner.origin();
    }
}
