package io.tandem.replicator.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes final row versions. Live rows of one table and column set go in one statement whose
 * parameters are one text array per column ({@code unnest}): an {@code UPDATE ... WHERE tandem_vv =
 * <the vector read before>} for keys that had a live row and an {@code INSERT ... ON CONFLICT DO
 * NOTHING} for the others, so a row changed by a writer that does not take the key lock fails the
 * batch with SQLSTATE 40001, which is retried. Deleted ones get a {@code DELETE} plus a tombstone
 * upsert (batched prepared statements). Values travel as text and are cast to the column's declared
 * type. Upserts run parents first and deletes children first (by the
 * tables' foreign keys, see {@link TableOrder}). SQL text is cached per table and
 * column set. Thread-safe.
 */
final class RowWriter {
    private final Map<String, String> sqlCache = new ConcurrentHashMap<>();

    /**
     * @param parents for each table, the tables its foreign keys reference (see {@link TableOrder})
     */
    void write(
            Connection connection,
            Collection<RowWrite> writes,
            String sourceRegion,
            Map<String, java.util.Set<String>> parents)
            throws SQLException {
        Map<String, Map<String, List<RowWrite>>> upserts = new LinkedHashMap<>();
        Map<String, List<RowWrite>> deletes = new LinkedHashMap<>();
        List<String> touched = new ArrayList<>();
        for (RowWrite write : writes) {
            String table = write.shape().name();
            if (!touched.contains(table)) {
                touched.add(table);
            }
            if (write.version().tombstone()) {
                deletes.computeIfAbsent(table, t -> new ArrayList<>()).add(write);
            } else {
                String columns = String.join(",", write.version().row().keySet());
                upserts.computeIfAbsent(table, t -> new LinkedHashMap<>())
                        .computeIfAbsent(columns, c -> new ArrayList<>())
                        .add(write);
            }
        }
        for (String table : TableOrder.parentsFirst(touched, parents)) {
            for (List<RowWrite> group : upserts.getOrDefault(table, Map.of()).values()) {
                upsert(connection, group, sourceRegion);
                dropTombstones(
                        connection,
                        group.stream().filter(RowWrite::replacesTombstone).toList());
            }
        }
        for (String table : TableOrder.childrenFirst(touched, parents)) {
            List<RowWrite> group = deletes.get(table);
            if (group != null) {
                delete(connection, group, sourceRegion);
            }
        }
    }

    /** Upserts rows of a table without Tandem metadata columns (the heartbeat table). */
    void upsertPlain(Connection connection, TableShape shape, Map<String, Object> row) throws SQLException {
        List<String> columns = new ArrayList<>(row.keySet());
        String sql = upsertSql(shape, columns, false);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (String column : columns) {
                statement.setString(index++, SqlText.of(row.get(column)));
            }
            statement.executeUpdate();
        }
    }

    /**
     * Writes a group of live versions (same table, same columns) in one statement: the rows travel as
     * one text array per column ({@code unnest}); keys that had a live row are updated where their
     * vector is still the one read before, the others are inserted unless a row appeared meanwhile. If
     * fewer rows were written than given, a row changed under the applier: SQLSTATE 40001, retried.
     */
    private void upsert(Connection connection, List<RowWrite> group, String sourceRegion) throws SQLException {
        TableShape shape = group.get(0).shape();
        List<String> columns = new ArrayList<>(group.get(0).version().row().keySet());
        String sql = sqlCache.computeIfAbsent(
                "U|" + shape.name() + "|" + String.join(",", columns), k -> unnestUpsertSql(shape, columns));
        int rows = group.size();
        int width = columns.size() + 5;
        String[][] arrays = new String[width][rows];
        for (int r = 0; r < rows; r++) {
            RowWrite write = group.get(r);
            StoredVersion version = write.version();
            int c = 0;
            for (String column : columns) {
                arrays[c++][r] = SqlText.of(version.row().get(column));
            }
            arrays[c++][r] = version.versionVector();
            arrays[c++][r] = Long.toString(version.hlc());
            arrays[c++][r] = version.origin();
            arrays[c++][r] = version.meta();
            arrays[c][r] = write.expectedVersionVector();
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sourceRegion);
            int index = 2;
            for (String[] array : arrays) {
                statement.setArray(index++, connection.createArrayOf("text", array));
            }
            long written;
            try (var rs = statement.executeQuery()) {
                rs.next();
                written = rs.getLong(1);
            }
            if (written != rows) {
                verifyWritten(connection, shape, group);
                throw new SQLException(
                        written + " of " + rows + " rows of " + shape.name() + " were written; the others changed"
                                + " after the applier read them; the batch is retried",
                        "40001");
            }
        }
    }

    /**
     * {@code WITH x AS (unnest of the column arrays), upd AS (UPDATE ... compare-and-set on the vector
     * read before), ins AS (INSERT ... ON CONFLICT DO NOTHING) SELECT the number of rows written}.
     */
    private static String unnestUpsertSql(TableShape shape, List<String> columns) {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            inputs.add("c" + i);
        }
        inputs.addAll(List.of("vv", "hlc", "origin", "meta", "expected"));
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnType column = shape.column(columns.get(i));
            names.add(Sql.ident(column.name()));
            values.add("CAST(x.c" + i + " AS " + column.sqlType() + ")");
        }
        names.addAll(List.of("tandem_vv", "tandem_hlc", "tandem_origin", "tandem_meta", "tandem_applied_from"));
        values.addAll(List.of(
                "CAST(x.vv AS jsonb)", "CAST(x.hlc AS bigint)", "x.origin", "CAST(x.meta AS jsonb)", "a.region"));
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i >= columns.size() || !shape.primaryKey().contains(columns.get(i))) {
                sets.add(names.get(i) + " = " + values.get(i));
            }
        }
        List<String> keyMatch = new ArrayList<>();
        for (String key : shape.primaryKey()) {
            int i = columns.indexOf(key);
            if (i < 0) {
                throw new IllegalArgumentException("the row of " + shape.name() + " lacks its key column " + key);
            }
            keyMatch.add("t." + names.get(i) + " = " + values.get(i));
        }
        String table = Sql.table(shape.name());
        return "WITH a AS (SELECT CAST(? AS text) AS region), x AS (SELECT * FROM unnest("
                + String.join(", ", java.util.Collections.nCopies(inputs.size(), "CAST(? AS text[])"))
                + ") AS u(" + String.join(", ", inputs) + ")),"
                + " upd AS (UPDATE " + table + " AS t SET " + String.join(", ", sets)
                + " FROM x, a WHERE x.expected IS NOT NULL AND " + String.join(" AND ", keyMatch)
                + " AND t.tandem_vv = CAST(x.expected AS jsonb) RETURNING 1),"
                + " ins AS (INSERT INTO " + table + " AS t (" + String.join(", ", names) + ") SELECT "
                + String.join(", ", values) + " FROM x, a WHERE x.expected IS NULL ON CONFLICT ("
                + String.join(", ", shape.primaryKey().stream().map(Sql::ident).toList())
                + ") DO NOTHING RETURNING 1)"
                + " SELECT (SELECT count(*) FROM upd) + (SELECT count(*) FROM ins)";
    }

    private static SQLException changedConcurrently(TableShape shape, RowKey key) {
        return new SQLException(
                "row " + key.values() + " of " + shape.name() + " changed after the applier read it"
                        + " (a concurrent write that does not take the key lock); the batch is retried",
                "40001");
    }

    /** Checks that every row of the group now holds the version vector this batch wrote. */
    static void verifyWritten(Connection connection, TableShape shape, List<RowWrite> group) throws SQLException {
        int n = shape.primaryKey().size();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < n; i++) {
            sql.append(i > 0 ? ", " : "").append("k.c").append(i);
        }
        sql.append(" FROM unnest(");
        for (int i = 0; i <= n; i++) {
            sql.append(i > 0 ? ", " : "").append("CAST(? AS text[])");
        }
        sql.append(") AS k(");
        for (int i = 0; i < n; i++) {
            sql.append("c").append(i).append(", ");
        }
        sql.append("vv) LEFT JOIN ").append(Sql.table(shape.name())).append(" t ON ");
        for (int i = 0; i < n; i++) {
            ColumnType column = shape.column(shape.primaryKey().get(i));
            sql.append(i > 0 ? " AND " : "")
                    .append("t.")
                    .append(Sql.ident(column.name()))
                    .append(" = CAST(k.c")
                    .append(i)
                    .append(" AS ")
                    .append(column.sqlType())
                    .append(')');
        }
        sql.append(" WHERE t.tandem_vv IS DISTINCT FROM CAST(k.vv AS jsonb) LIMIT 1");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < n; i++) {
                int column = i;
                statement.setArray(
                        i + 1,
                        connection.createArrayOf(
                                "text",
                                group.stream()
                                        .map(w -> w.key().values().get(column))
                                        .toArray()));
            }
            statement.setArray(
                    n + 1,
                    connection.createArrayOf(
                            "text",
                            group.stream().map(w -> w.version().versionVector()).toArray()));
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    List<String> key = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        key.add(rs.getString(i));
                    }
                    throw changedConcurrently(shape, new RowKey(shape.name(), key));
                }
            }
        }
    }

    private static String upsertSql(TableShape shape, List<String> columns, boolean metadata) {
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(Sql.table(shape.name()))
                .append(" AS t (");
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String column : columns) {
            names.add(Sql.ident(column));
            values.add(Sql.cast(shape.column(column)));
        }
        if (metadata) {
            names.addAll(List.of("tandem_vv", "tandem_hlc", "tandem_origin", "tandem_meta", "tandem_applied_from"));
            values.addAll(List.of("CAST(? AS jsonb)", "?", "?", "CAST(? AS jsonb)", "?"));
        }
        sql.append(String.join(", ", names))
                .append(") VALUES (")
                .append(String.join(", ", values))
                .append(") ON CONFLICT (");
        sql.append(String.join(", ", shape.primaryKey().stream().map(Sql::ident).toList()))
                .append(") DO ");
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String column = i < columns.size() ? columns.get(i) : null;
            if (column == null || !shape.primaryKey().contains(column)) {
                sets.add(names.get(i) + " = EXCLUDED." + names.get(i));
            }
        }
        if (sets.isEmpty()) {
            return sql.append("NOTHING").toString();
        }
        sql.append("UPDATE SET ").append(String.join(", ", sets));
        if (metadata) {
            // compare-and-set: replace only the version this batch resolved against
            sql.append(" WHERE t.tandem_vv IS NOT DISTINCT FROM CAST(? AS jsonb)");
        }
        return sql.toString();
    }

    private void dropTombstones(Connection connection, List<RowWrite> group) throws SQLException {
        if (group.isEmpty()) {
            return;
        }
        TableShape shape = group.get(0).shape();
        String sql = sqlCache.computeIfAbsent(
                "DT|" + shape.name(),
                k -> "DELETE FROM tandem.tombstones WHERE table_name = ? AND pk = "
                        + Sql.keyObject(shape, placeholderList(shape)));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (RowWrite write : group) {
                statement.setString(1, shape.name());
                bindKey(statement, 2, write.key());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private void delete(Connection connection, List<RowWrite> group, String sourceRegion) throws SQLException {
        TableShape shape = group.get(0).shape();
        String deleteSql = sqlCache.computeIfAbsent("D|" + shape.name(), k -> deleteSql(shape));
        String tombstoneSql = sqlCache.computeIfAbsent(
                "T|" + shape.name(),
                k -> "INSERT INTO tandem.tombstones AS tb (table_name, pk, tandem_vv, tandem_hlc, tandem_origin,"
                        + " tandem_meta, tandem_applied_from, deleted_at) VALUES (?, "
                        + Sql.keyObject(shape, placeholderList(shape))
                        + ", CAST(? AS jsonb), ?, ?, CAST(? AS jsonb), ?, now()) ON CONFLICT (table_name, pk) DO UPDATE"
                        + " SET tandem_vv = EXCLUDED.tandem_vv, tandem_hlc = EXCLUDED.tandem_hlc,"
                        + " tandem_origin = EXCLUDED.tandem_origin, tandem_meta = EXCLUDED.tandem_meta,"
                        + " tandem_applied_from = EXCLUDED.tandem_applied_from, deleted_at = EXCLUDED.deleted_at");
        try (PreparedStatement deletes = connection.prepareStatement(deleteSql);
                PreparedStatement tombstones = connection.prepareStatement(tombstoneSql)) {
            for (RowWrite write : group) {
                bindKey(deletes, 1, write.key());
                deletes.addBatch();
                tombstones.setString(1, shape.name());
                int index = bindKey(tombstones, 2, write.key());
                index = bindMetadata(tombstones, index, write.version());
                tombstones.setString(index, sourceRegion);
                tombstones.addBatch();
            }
            deletes.executeBatch();
            tombstones.executeBatch();
        }
    }

    private static String deleteSql(TableShape shape) {
        List<String> conditions = new ArrayList<>();
        for (String column : shape.primaryKey()) {
            conditions.add(Sql.ident(column) + " = " + Sql.cast(shape.column(column)));
        }
        return "DELETE FROM " + Sql.table(shape.name()) + " WHERE " + String.join(" AND ", conditions);
    }

    private static List<String> placeholderList(TableShape shape) {
        return shape.primaryKey().stream().map(c -> "?").toList();
    }

    private static int bindKey(PreparedStatement statement, int first, RowKey key) throws SQLException {
        int index = first;
        for (String value : key.values()) {
            statement.setString(index++, value);
        }
        return index;
    }

    private static int bindMetadata(PreparedStatement statement, int first, StoredVersion version) throws SQLException {
        int index = first;
        statement.setString(index++, version.versionVector());
        statement.setLong(index++, version.hlc());
        statement.setString(index++, version.origin());
        if (version.meta() == null) {
            statement.setNull(index++, Types.VARCHAR);
        } else {
            statement.setString(index++, version.meta());
        }
        return index;
    }
}
