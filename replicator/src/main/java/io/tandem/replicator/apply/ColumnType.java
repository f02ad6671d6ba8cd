package io.tandem.replicator.apply;

import java.util.Objects;
import java.util.Set;

/**
 * One target column as the database declares it.
 *
 * @param name column name
 * @param sqlType the type as {@code format_type} prints it, usable in {@code CAST(? AS <sqlType>)}
 * @param category PostgreSQL's type category letter ({@code N} numeric, {@code B} boolean, {@code S}
 *     string, ...)
 * @param notNull whether the column is NOT NULL
 * @param hasDefault whether the column has a default
 */
public record ColumnType(String name, String sqlType, char category, boolean notNull, boolean hasDefault) {
    private static final Set<String> JSON_TYPES = Set.of("json", "jsonb");

    public ColumnType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sqlType, "sqlType");
    }

    /**
     * Whether a value of the event's JSON kind can be stored in this column. Strings carry the
     * PostgreSQL text form of any type, so they always fit at this level (a bad text is a bad value,
     * found by the cast); a JSON number or boolean needs a column of a compatible category.
     */
    public boolean accepts(Object value) {
        if (value == null || value instanceof String) {
            return true;
        }
        boolean textual = category == 'S' || JSON_TYPES.contains(sqlType);
        if (value instanceof Number) {
            return category == 'N' || textual;
        }
        if (value instanceof Boolean) {
            return category == 'B' || textual;
        }
        return false;
    }

    /** A short name of the value's JSON kind, for messages. */
    static String jsonKind(Object value) {
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
