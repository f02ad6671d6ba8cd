package io.tandem.chaos.check;

import io.tandem.chaos.workload.VersionVectors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One region's rows, tombstones and conflict log for the workload's tables, read after quiescence.
 * Keys are {@code table/id}.
 */
record FinalState(
        String region, Map<String, Row> rows, Map<String, Map<String, Long>> tombstones, List<Conflict> conflicts) {

    /** A live row: its vector and the fields the workload writes ({@code amount/note}, label, qty). */
    record Row(Map<String, Long> vv, String value, long qty) {}

    /** A conflict log entry: the key and both versions' vectors. */
    record Conflict(String key, Map<String, Long> local, Map<String, Long> incoming, String winner) {}

    static String key(String table, long id) {
        return table + "/" + id;
    }

    static FinalState read(String region, DataSource db) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        Map<String, Map<String, Long>> tombstones = new HashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, tandem_vv::text, amount, note FROM public.orders")) {
                while (rs.next()) {
                    rows.put(
                            key("public.orders", rs.getLong(1)),
                            new Row(VersionVectors.parse(rs.getString(2)), rs.getString(3) + "/" + rs.getString(4), 0));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id, tandem_vv::text, label, qty FROM public.carts")) {
                while (rs.next()) {
                    rows.put(
                            key("public.carts", rs.getLong(1)),
                            new Row(VersionVectors.parse(rs.getString(2)), rs.getString(3), rs.getLong(4)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT table_name, (pk->>'id')::bigint, tandem_vv::text"
                    + " FROM tandem.tombstones WHERE table_name IN ('public.orders', 'public.carts')")) {
                while (rs.next()) {
                    tombstones.put(key(rs.getString(1), rs.getLong(2)), VersionVectors.parse(rs.getString(3)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT table_name, (pk->>'id')::bigint, (local_version->'vv')::text,"
                    + " (incoming_version->'vv')::text, winner FROM tandem.conflict_log")) {
                while (rs.next()) {
                    conflicts.add(new Conflict(
                            key(rs.getString(1), rs.getLong(2)),
                            VersionVectors.parse(rs.getString(3)),
                            VersionVectors.parse(rs.getString(4)),
                            rs.getString(5)));
                }
            }
        }
        return new FinalState(region, rows, tombstones, conflicts);
    }

    /** The key's version: its live row's vector, else its tombstone's, else null. */
    Map<String, Long> versionOf(String key) {
        Row row = rows.get(key);
        if (row != null) {
            return row.vv();
        }
        return tombstones.get(key);
    }
}
