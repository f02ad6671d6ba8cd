package io.tandem.replicator.schema;

/** Identifier quoting for the DDL the bootstrap generates. */
final class Sql {
    private Sql() {}

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.table} → {@code "schema"."table"}. */
    static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
