package io.tandem.replicator.apply;

import java.util.Objects;

/**
 * The final version of one key after a batch, to be written.
 *
 * @param key the row
 * @param shape the target table
 * @param version the version to store: a live row to upsert, or a tombstone (row deleted)
 * @param replacesTombstone whether the key's stored version before the batch was a tombstone, which
 *     must then be removed when the row comes back live
 * @param expectedVersionVector the version vector of the live row read before the batch, or {@code
 *     null} when there was none; an upsert only replaces a row that still has it
 */
record RowWrite(
        RowKey key, TableShape shape, StoredVersion version, boolean replacesTombstone, String expectedVersionVector) {
    RowWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(version, "version");
    }
}
