package io.tandem.replicator.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cached shapes of target tables, read from the PostgreSQL catalog. Shapes are cached until {@link
 * #invalidate(String)}; the applier invalidates a parked table's shape when it re-checks it.
 * Thread-safe.
 */
public final class TableCatalog {
    private static final String COLUMNS_SQL = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory, a.attnotnull, a.atthasdef
              FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
             WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum""";
    private static final String PRIMARY_KEY_SQL = """
            SELECT a.attname
              FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = to_regclass(?) AND i.indisprimary
             ORDER BY array_position(i.indkey::int2[], a.attnum)""";

    private static final String FOREIGN_KEYS_SQL = """
            SELECT cs.nspname || '.' || cc.relname, ps.nspname || '.' || pc.relname
              FROM pg_constraint c
              JOIN pg_class cc ON cc.oid = c.conrelid JOIN pg_namespace cs ON cs.oid = cc.relnamespace
              JOIN pg_class pc ON pc.oid = c.confrelid JOIN pg_namespace ps ON ps.oid = pc.relnamespace
             WHERE c.contype = 'f' AND c.conrelid <> c.confrelid""";

    private final Map<String, Optional<TableShape>> cache = new ConcurrentHashMap<>();
    private volatile Map<String, java.util.Set<String>> parents;

    /** For each table, the tables its foreign keys reference (cached like the shapes). */
    public Map<String, java.util.Set<String>> parents(Connection connection) throws SQLException {
        Map<String, java.util.Set<String>> known = parents;
        if (known != null) {
            return known;
        }
        Map<String, java.util.Set<String>> loaded = new java.util.HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(FOREIGN_KEYS_SQL);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                loaded.computeIfAbsent(rs.getString(1), t -> new java.util.HashSet<>())
                        .add(rs.getString(2));
            }
        }
        parents = loaded;
        return loaded;
    }

    /** The table's shape, or empty when no such table exists. */
    public Optional<TableShape> shape(Connection connection, String table) throws SQLException {
        Optional<TableShape> cached = cache.get(table);
        if (cached != null) {
            return cached;
        }
        Optional<TableShape> loaded = load(connection, table);
        cache.put(table, loaded);
        return loaded;
    }

    public void invalidate(String table) {
        cache.remove(table);
    }

    /** Forgets every cached shape (after an error that may come from a changed table). */
    public void invalidateAll() {
        cache.clear();
        parents = null;
    }

    private static Optional<TableShape> load(Connection connection, String table) throws SQLException {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        boolean metadata = false;
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (TableShape.METADATA_COLUMNS.contains(name)) {
                        metadata = true;
                        continue;
                    }
                    columns.put(
                            name,
                            new ColumnType(
                                    name,
                                    rs.getString(2),
                                    rs.getString(3).charAt(0),
                                    rs.getBoolean(4),
                                    rs.getBoolean(5)));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> primaryKey = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY_SQL)) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    primaryKey.add(rs.getString(1));
                }
            }
        }
        return Optional.of(new TableShape(table, columns, primaryKey, metadata));
    }
}
