package io.tandem.replicator.apply;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the current versions of many keys of one table: live rows in one query and tombstones in
 * another, both joining the keys passed as text arrays ({@code unnest}) so each is one round trip and
 * uses the primary-key indexes.
 */
final class CurrentVersionReader {
    private CurrentVersionReader() {}

    static Map<RowKey, StoredVersion> read(Connection connection, TableShape shape, Collection<RowKey> keys)
            throws SQLException {
        Map<RowKey, StoredVersion> versions = new HashMap<>();
        if (keys.isEmpty()) {
            return versions;
        }
        List<String> pk = shape.primaryKey();
        List<List<String>> columnsOfKeys = new ArrayList<>();
        for (int i = 0; i < pk.size(); i++) {
            List<String> values = new ArrayList<>(keys.size());
            for (RowKey key : keys) {
                values.add(key.values().get(i));
            }
            columnsOfKeys.add(values);
        }
        readTombstones(connection, shape, columnsOfKeys, versions);
        readLive(connection, shape, columnsOfKeys, versions);
        return versions;
    }

    private static String unnest(int n) {
        StringBuilder sql = new StringBuilder("unnest(");
        for (int i = 0; i < n; i++) {
            sql.append(i > 0 ? ", " : "").append("CAST(? AS text[])");
        }
        sql.append(") AS k(");
        for (int i = 0; i < n; i++) {
            sql.append(i > 0 ? ", " : "").append("c").append(i);
        }
        return sql.append(')').toString();
    }

    private static List<String> keyColumnRefs(int n) {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refs.add("k.c" + i);
        }
        return refs;
    }

    private static void readLive(
            Connection connection, TableShape shape, List<List<String>> keyColumns, Map<RowKey, StoredVersion> out)
            throws SQLException {
        List<String> pk = shape.primaryKey();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < pk.size(); i++) {
            sql.append("k.c").append(i).append(", ");
        }
        List<ColumnType> columns = new ArrayList<>(shape.columns().values());
        for (ColumnType column : columns) {
            sql.append("t.").append(Sql.ident(column.name())).append(", ");
        }
        sql.append("t.tandem_vv::text, t.tandem_hlc, t.tandem_origin, t.tandem_meta::text FROM ")
                .append(Sql.table(shape.name()))
                .append(" t JOIN ")
                .append(unnest(pk.size()))
                .append(" ON ");
        for (int i = 0; i < pk.size(); i++) {
            ColumnType column = shape.column(pk.get(i));
            sql.append(i > 0 ? " AND " : "")
                    .append("t.")
                    .append(Sql.ident(column.name()))
                    .append(" = CAST(k.c")
                    .append(i)
                    .append(" AS ")
                    .append(column.sqlType())
                    .append(')');
        }
        sql.append(" FOR UPDATE OF t");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bindArrays(connection, statement, keyColumns, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    RowKey key = keyOf(shape, rs, pk.size());
                    Map<String, Object> row = new LinkedHashMap<>();
                    int index = pk.size() + 1;
                    for (ColumnType column : columns) {
                        row.put(column.name(), value(rs, index++, column));
                    }
                    String vv = rs.getString(index++);
                    long hlc = rs.getLong(index++);
                    String origin = rs.getString(index++);
                    String meta = rs.getString(index);
                    if (vv == null || origin == null) {
                        throw new SQLException(
                                "row " + key.values() + " of " + shape.name() + " has no tandem_vv/tandem_origin;"
                                        + " the metadata trigger is missing: run `tandem init`",
                                "23502");
                    }
                    out.put(key, StoredVersion.live(row, vv, hlc, origin, meta));
                }
            }
        }
    }

    private static void readTombstones(
            Connection connection, TableShape shape, List<List<String>> keyColumns, Map<RowKey, StoredVersion> out)
            throws SQLException {
        int n = shape.primaryKey().size();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < n; i++) {
            sql.append("k.c").append(i).append(", ");
        }
        sql.append("tb.tandem_vv::text, tb.tandem_hlc, tb.tandem_origin, tb.tandem_meta::text FROM ")
                .append(unnest(n))
                .append(" JOIN tandem.tombstones tb ON tb.table_name = ? AND tb.pk = ")
                .append(Sql.keyObject(shape, keyColumnRefs(n)));
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int next = bindArrays(connection, statement, keyColumns, 1);
            statement.setString(next, shape.name());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    RowKey key = keyOf(shape, rs, n);
                    out.put(
                            key,
                            StoredVersion.deleted(
                                    rs.getString(n + 1), rs.getLong(n + 2), rs.getString(n + 3), rs.getString(n + 4)));
                }
            }
        }
    }

    private static int bindArrays(
            Connection connection, PreparedStatement statement, List<List<String>> keyColumns, int first)
            throws SQLException {
        int index = first;
        for (List<String> values : keyColumns) {
            Array array = connection.createArrayOf("text", values.toArray());
            statement.setArray(index++, array);
        }
        return index;
    }

    private static RowKey keyOf(TableShape shape, ResultSet rs, int n) throws SQLException {
        List<String> values = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            values.add(rs.getString(i));
        }
        return new RowKey(shape.name(), values);
    }

    /** Numbers and booleans as JSON scalars; everything else in its PostgreSQL text form. */
    private static Object value(ResultSet rs, int index, ColumnType column) throws SQLException {
        if (column.category() == 'N') {
            BigDecimal decimal = rs.getBigDecimal(index);
            if (decimal == null) {
                return null;
            }
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return decimal;
            }
        }
        if (column.category() == 'B') {
            boolean value = rs.getBoolean(index);
            return rs.wasNull() ? null : value;
        }
        return rs.getString(index);
    }
}
