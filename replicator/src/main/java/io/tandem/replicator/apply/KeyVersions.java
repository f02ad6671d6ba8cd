package io.tandem.replicator.apply;

import io.tandem.resolver.row.RowMeta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Single keys' versions read, locked and written the way the applier does it, for work on individual
 * rows outside the apply loop (the repair in {@code reconcile}). The caller owns the transaction:
 * every method runs in the connection's current transaction and commits nothing.
 */
public final class KeyVersions {
    private static final RowWriter WRITER = new RowWriter();

    private KeyVersions() {}

    /**
     * The row key of a primary key given as column → JSON scalar (numbers, strings, booleans), with
     * the text forms the applier uses for its key locks and reads.
     */
    public static RowKey key(String table, List<String> primaryKey, Map<String, Object> values) {
        List<String> texts = new ArrayList<>(primaryKey.size());
        for (String column : primaryKey) {
            if (!values.containsKey(column)) {
                throw new IllegalArgumentException("key " + values + " of " + table + " lacks column " + column);
            }
            Object value = values.get(column);
            texts.add(SqlText.of(value));
        }
        return new RowKey(table, texts);
    }

    /** Takes the applier's transaction-scoped advisory lock on each key. */
    public static void lock(Connection connection, Collection<RowKey> keys) throws SQLException {
        KeyLocks.lock(connection, keys);
    }

    /**
     * The current version (live row, else tombstone) of each key that has one; live rows are read
     * {@code FOR UPDATE}, so the transaction must not be read-only.
     */
    public static Map<RowKey, StoredVersion> read(Connection connection, TableShape shape, Collection<RowKey> keys)
            throws SQLException {
        return CurrentVersionReader.read(connection, shape, keys);
    }

    /**
     * Writes {@code version} as the applier would: in applier mode ({@code tandem.apply = on}, so the
     * triggers keep its metadata and capture does not ship it), as a compare-and-set against {@code
     * current}, removing a tombstone the row replaces, and moving the HLC high-water past it. Leaves
     * {@code tandem.apply} off for the rest of the transaction.
     *
     * @param current the key's version read in this transaction, or {@code null} when it has none
     * @param appliedFrom the value of {@code tandem_applied_from} (non-null: marks the write as not local)
     */
    public static void writeAsApplier(
            Connection connection,
            TableShape shape,
            RowKey key,
            StoredVersion version,
            StoredVersion current,
            String appliedFrom)
            throws SQLException {
        setApplying(connection, true);
        RowWrite write = new RowWrite(
                key,
                shape,
                version,
                current != null && current.tombstone(),
                current == null || current.tombstone() ? null : current.versionVector());
        WRITER.write(connection, List.of(write), appliedFrom, Map.of());
        long hlc = version.hlc();
        if (version.meta() != null) {
            hlc = Math.max(hlc, RowMeta.parseJson(version.meta()).maxHlc());
        }
        try (PreparedStatement observe = connection.prepareStatement("SELECT tandem.hlc_observe(?)")) {
            observe.setLong(1, hlc);
            observe.executeQuery().close();
        }
        setApplying(connection, false);
    }

    /**
     * Writes the key as a local client would, so the table's trigger stamps a new version on top of
     * the stored one and capture ships it: an {@code UPDATE} of the live row to {@code values} (every
     * column given that is not part of the key), or a {@code DELETE} when {@code values} is empty. The
     * row must exist. Fenced tables may refuse it (SQLSTATE {@code TD001}) in a region that does not own
     * the row.
     */
    public static void writeLocally(Connection connection, TableShape shape, RowKey key, Map<String, Object> values)
            throws SQLException {
        setApplying(connection, false);
        List<String> where = new ArrayList<>();
        for (String column : shape.primaryKey()) {
            where.add(Sql.ident(column) + " = " + Sql.cast(shape.column(column)));
        }
        List<String> sets = new ArrayList<>();
        List<String> bound = new ArrayList<>();
        values.forEach((column, value) -> {
            if (!shape.primaryKey().contains(column)) {
                sets.add(Sql.ident(column) + " = " + Sql.cast(shape.column(column)));
                bound.add(SqlText.of(value));
            }
        });
        if (sets.isEmpty() && !values.isEmpty()) {
            String first = Sql.ident(shape.primaryKey().get(0));
            sets.add(first + " = " + first);
        }
        String sql = values.isEmpty()
                ? "DELETE FROM " + Sql.table(shape.name()) + " WHERE " + String.join(" AND ", where)
                : "UPDATE " + Sql.table(shape.name()) + " SET " + String.join(", ", sets) + " WHERE "
                        + String.join(" AND ", where);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (String value : bound) {
                statement.setString(index++, value);
            }
            for (String value : key.values()) {
                statement.setString(index++, value);
            }
            int rows = statement.executeUpdate();
            if (rows != 1) {
                throw new SQLException(
                        "expected to write one row " + key.values() + " of " + shape.name() + ", wrote " + rows,
                        "40001");
            }
        }
    }

    private static void setApplying(Connection connection, boolean on) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('tandem.apply', ?, true)")) {
            statement.setString(1, on ? "on" : "off");
            statement.executeQuery().close();
        }
    }
}
