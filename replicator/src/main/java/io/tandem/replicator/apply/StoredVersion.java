package io.tandem.replicator.apply;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The current version of one key in a region's database: the live row with its metadata, or the
 * tombstone that a delete left behind.
 *
 * @param row column values (without Tandem's metadata columns); empty for a tombstone
 * @param tombstone whether this version is a delete
 * @param versionVector version vector in the resolver's JSON text encoding
 * @param hlc hybrid logical clock timestamp of the winning write
 * @param origin region of the winning write
 * @param meta policy state in the resolver's encoding, or {@code null}
 */
public record StoredVersion(
        Map<String, Object> row, boolean tombstone, String versionVector, long hlc, String origin, String meta) {

    public StoredVersion {
        Objects.requireNonNull(versionVector, "versionVector");
        Objects.requireNonNull(origin, "origin");
        row = row == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(row));
        if (!tombstone && row.isEmpty()) {
            throw new IllegalArgumentException("a live version needs its column values");
        }
    }

    public static StoredVersion live(Map<String, Object> row, String vv, long hlc, String origin, String meta) {
        return new StoredVersion(row, false, vv, hlc, origin, meta);
    }

    public static StoredVersion deleted(String vv, long hlc, String origin, String meta) {
        return new StoredVersion(Map.of(), true, vv, hlc, origin, meta);
    }
}
