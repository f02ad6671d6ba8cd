package io.tandem.replicator.reconcile;

import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One region's digest of a whole table, computed in that region alone: what a cluster-wide
 * consistency check publishes and compares, so no region needs to reach another's database. Equal
 * digests in every region mean the same rows and versions; a difference is narrowed down to rows by
 * {@link TableVerifier} ({@code tandem verify}).
 *
 * @param rows the table's row count
 * @param checksum an order-independent checksum of the compared columns of every row
 * @param columns the compared columns, in order (a schema drift shows here)
 */
public record TableDigest(long rows, String checksum, List<String> columns) {

    public TableDigest {
        columns = List.copyOf(columns);
    }

    /**
     * Digests {@code table} in the database of {@code c}, in one statement (one snapshot).
     *
     * @throws IllegalArgumentException when the table does not exist there
     */
    public static TableDigest of(Connection c, TableSpec table) throws SQLException {
        List<String> columns = TableVerifier.comparedColumns(c, table);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + table.name() + " does not exist in this database");
        }
        RangeDigest digest = new RangeQueries(table.name(), table.primaryKey(), columns).digest(c, KeyRange.ALL);
        return new TableDigest(digest.rows(), digest.checksum(), columns);
    }
}
