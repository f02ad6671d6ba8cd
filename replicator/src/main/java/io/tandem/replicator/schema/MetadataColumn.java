package io.tandem.replicator.schema;

import java.util.Set;

/** The per-row metadata columns Tandem adds to every replicated table. */
public enum MetadataColumn {
    /** Version vector, a JSON object region → counter. */
    VV("tandem_vv", "jsonb", "jsonb NOT NULL DEFAULT '{}'"),
    /** Hybrid logical clock of this version: 48 high bits wall ms, 16 low bits logical. */
    HLC("tandem_hlc", "bigint", "bigint NOT NULL DEFAULT 0"),
    /** Region of the write that produced this version. */
    ORIGIN("tandem_origin", "text", "text"),
    /** Conflict-policy state; NULL until the table's policy needs some. */
    META("tandem_meta", "jsonb", "jsonb"),
    /** NULL for a local client write; the source region for a write made by Tandem's applier. */
    APPLIED_FROM("tandem_applied_from", "text", "text");

    private final String column;
    private final String type;
    private final String definition;

    MetadataColumn(String column, String type, String definition) {
        this.column = column;
        this.type = type;
        this.definition = definition;
    }

    public String column() {
        return column;
    }

    /** The type as PostgreSQL's {@code format_type} spells it. */
    String type() {
        return type;
    }

    /** Column definition for {@code ALTER TABLE ... ADD COLUMN}. */
    String definition() {
        return column + " " + definition;
    }

    /** Whether a column name is one of Tandem's metadata columns. */
    public static boolean isMetadata(String column) {
        return NAMES.contains(column);
    }

    private static final Set<String> NAMES =
            Set.of("tandem_vv", "tandem_hlc", "tandem_origin", "tandem_meta", "tandem_applied_from");
}
