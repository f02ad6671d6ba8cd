package io.tandem.replicator.apply;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A target table as the database declares it: its data columns (without Tandem's metadata columns),
 * its primary key, and whether it carries the metadata columns.
 */
public record TableShape(
        String name, Map<String, ColumnType> columns, List<String> primaryKey, boolean hasMetadataColumns) {

    /** Tandem's per-row metadata columns, set by triggers for local writes and by the applier. */
    public static final Set<String> METADATA_COLUMNS =
            Set.of("tandem_vv", "tandem_hlc", "tandem_origin", "tandem_meta", "tandem_applied_from");

    public TableShape {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        primaryKey = List.copyOf(primaryKey);
    }

    public ColumnType column(String name) {
        ColumnType column = columns.get(name);
        if (column == null) {
            throw new IllegalArgumentException("table " + this.name + " has no column " + name);
        }
        return column;
    }
}
