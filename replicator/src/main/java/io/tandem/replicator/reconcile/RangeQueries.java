package io.tandem.replicator.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of the consistency check for one table: checksum a key range, find split points inside
 * it, and list its rows. Ranges use row-value comparison on the primary key, so composite keys
 * work and every query can use the primary-key index.
 */
final class RangeQueries {
    private final String table;
    private final List<String> key;
    private final List<String> columns;

    RangeQueries(String table, List<String> key, List<String> columns) {
        this.table = quoteQualified(table);
        this.key = List.copyOf(key);
        this.columns = List.copyOf(columns);
    }

    /**
     * The range's row count and checksum: the sum of a 60-bit hash of each row's text, which does not
     * depend on row order and needs constant memory however many rows the range holds.
     */
    RangeDigest digest(Connection c, KeyRange range) throws SQLException {
        String sql =
                "SELECT count(*), coalesce(sum(('x' || left(md5(r::text), 15))::bit(60)::bigint::numeric), 0)::text"
                        + " FROM (SELECT " + columnList() + " FROM " + table + where(range) + ") r";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, range);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new RangeDigest(rs.getLong(1), rs.getString(2));
            }
        }
    }

    /** Up to {@code parts - 1} keys that cut the range into parts of about equal row counts. */
    List<List<Object>> splitPoints(Connection c, KeyRange range, long rows, int parts) throws SQLException {
        long step = Math.max(1, rows / parts);
        String sql = "SELECT " + keyList("") + " FROM (SELECT " + keyList("") + ", row_number() OVER (ORDER BY "
                + keyList("") + ") AS tandem_rn FROM " + table + where(range)
                + ") x WHERE tandem_rn > 1 AND (tandem_rn - 1) % ? = 0"
                + " ORDER BY " + keyList("");
        List<List<Object>> points = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int next = bind(p, range);
            p.setLong(next, step);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    List<Object> point = new ArrayList<>(key.size());
                    for (int i = 1; i <= key.size(); i++) {
                        point.add(rs.getObject(i));
                    }
                    points.add(point);
                }
            }
        }
        return points;
    }

    /** The range's rows: key as JSON text → row text. */
    Map<String, String> rows(Connection c, KeyRange range) throws SQLException {
        String keyJson = "json_build_object("
                + key.stream()
                        .map(k -> "'" + k.replace("'", "''") + "', r." + quote(k))
                        .collect(Collectors.joining(", "))
                + ")::text";
        String sql = "SELECT " + keyJson + ", r::text FROM (SELECT " + columnList() + " FROM " + table + where(range)
                + ") r ORDER BY " + keyList("r.");
        Map<String, String> rows = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, range);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }

    private String where(KeyRange range) {
        List<String> conditions = new ArrayList<>();
        String tuple = "(" + keyList("") + ")";
        String params = "(" + key.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        if (range.from() != null) {
            conditions.add(tuple + " >= " + params);
        }
        if (range.to() != null) {
            conditions.add(tuple + " < " + params);
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private int bind(PreparedStatement p, KeyRange range) throws SQLException {
        int index = 1;
        for (List<Object> bound : new List[] {range.from(), range.to()}) {
            if (bound != null) {
                for (Object value : bound) {
                    p.setObject(index++, value);
                }
            }
        }
        return index;
    }

    private String columnList() {
        return columns.stream().map(RangeQueries::quote).collect(Collectors.joining(", "));
    }

    private String keyList(String prefix) {
        return key.stream().map(k -> prefix + quote(k)).collect(Collectors.joining(", "));
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String quoteQualified(String qualified) {
        int dot = qualified.indexOf('.');
        return quote(qualified.substring(0, dot)) + "." + quote(qualified.substring(dot + 1));
    }
}
