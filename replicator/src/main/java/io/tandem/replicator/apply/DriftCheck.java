package io.tandem.replicator.apply;

import io.tandem.replicator.event.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares an event with its target table's shape. A difference is schema drift: the table's apply
 * is paused (its events parked) until the schema is fixed, rather than writing a partial row.
 */
final class DriftCheck {
    private DriftCheck() {}

    /** The difference, worded for an operator, or empty when the event fits the table. */
    static Optional<String> difference(TableShape shape, ChangeEvent event) {
        if (!shape.hasMetadataColumns()) {
            return Optional.of("table has no Tandem metadata columns (tandem_vv, ...); run `tandem init`");
        }
        List<String> eventKey = List.copyOf(event.key().keySet());
        if (!new java.util.HashSet<>(eventKey).equals(new java.util.HashSet<>(shape.primaryKey()))) {
            return Optional.of("primary key differs: event has " + eventKey + ", table has " + shape.primaryKey());
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> value : event.row().entrySet()) {
            ColumnType column = shape.columns().get(value.getKey());
            if (column == null) {
                problems.add("column " + value.getKey() + " is missing in the target table");
            } else if (!column.accepts(value.getValue())) {
                problems.add("column " + value.getKey() + " has type " + column.sqlType() + " but the event carries a "
                        + ColumnType.jsonKind(value.getValue()));
            }
        }
        if (event.op().carriesRow()) {
            for (ColumnType column : shape.columns().values()) {
                if (column.notNull() && !column.hasDefault() && !event.row().containsKey(column.name())) {
                    problems.add("target column " + column.name() + " is NOT NULL without a default and the event"
                            + " does not carry it");
                }
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
