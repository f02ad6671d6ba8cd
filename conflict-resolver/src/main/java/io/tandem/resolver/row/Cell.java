package io.tandem.resolver.row;

import io.tandem.resolver.codec.JsonValues;
import io.tandem.resolver.codec.JsonWriter;
import java.util.Comparator;

/**
 * A column value with the stamp of the latest write that changed it: a last-writer-wins register.
 * Merging two cells keeps the one with the greater stamp (ties, which correct writers never produce,
 * are broken by the value's JSON text so that merge stays deterministic).
 */
public record Cell(Object value, Stamp stamp) {

    private static final Comparator<Cell> ORDER =
            Comparator.comparing(Cell::stamp).thenComparing(c -> JsonWriter.write(c.value()));

    public Cell {
        if (stamp == null) {
            throw new IllegalArgumentException("a cell needs the stamp of the write that set it");
        }
        value = JsonValues.canonical("cell", value);
    }

    public Cell merge(Cell other) {
        if (other == null || other.equals(this)) {
            return this;
        }
        return ORDER.compare(this, other) >= 0 ? this : other;
    }
}
