package io.tandem.replicator.apply;

import io.tandem.replicator.event.ChangeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Identity of one row within a batch: the table and the text form of its primary-key values in key
 * order. Values are compared as PostgreSQL text, so the key read back from the database matches the
 * key an event carries.
 */
public record RowKey(String table, List<String> values) {
    public RowKey {
        values = List.copyOf(values);
    }

    public static RowKey of(ChangeEvent event, List<String> primaryKey) {
        List<String> values = new ArrayList<>(primaryKey.size());
        for (String column : primaryKey) {
            values.add(SqlText.of(event.key().get(column)));
        }
        return new RowKey(event.table(), values);
    }
}
