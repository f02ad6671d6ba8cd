package io.tandem.replicator.apply;

import java.math.BigDecimal;

/** Renders an event's JSON scalar as the text PostgreSQL parses for a {@code CAST(? AS type)}. */
final class SqlText {
    private SqlText() {}

    /** Returns {@code null} for SQL NULL. */
    static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }
}
