package io.tandem.replicator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tandem.replicator.apply.StoredVersion;
import io.tandem.resolver.vector.VersionVector;
import java.util.Objects;

/**
 * Equality of stored versions as repair needs it: metadata compared by meaning (the version vector
 * as a vector, {@code tandem_meta} as a JSON tree), so {@code jsonb} text from one region and the
 * resolver's JSON from another compare equal when they say the same thing.
 */
final class Versions {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Versions() {}

    /** Same write: deleted flag, version vector, HLC, origin and {@code tandem_meta}. */
    static boolean sameMetadata(StoredVersion a, StoredVersion b) {
        if (a == null || b == null) {
            return a == b;
        }
        return sameWrite(a, b) && Objects.equals(tree(a.meta()), tree(b.meta()));
    }

    /** Same write by its identity (deleted flag, version vector, HLC, origin), whatever the metadata JSON says. */
    static boolean sameWrite(StoredVersion a, StoredVersion b) {
        return a.tombstone() == b.tombstone()
                && vector(a).equals(vector(b))
                && a.hlc() == b.hlc()
                && a.origin().equals(b.origin());
    }

    /** Same write and, for a live row, the same column values. */
    static boolean same(StoredVersion a, StoredVersion b) {
        return sameMetadata(a, b) && (a == null || a.row().equals(b.row()));
    }

    static VersionVector vector(StoredVersion version) {
        return VersionVector.parseJson(version.versionVector());
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}
