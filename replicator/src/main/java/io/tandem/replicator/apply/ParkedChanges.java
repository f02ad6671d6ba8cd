package io.tandem.replicator.apply;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Durable store of the changes of a paused (schema-drifted) table, {@code tandem.parked_changes}.
 * Changes are parked in the transaction that advances the position past them, and replayed in
 * {@code id} order (which is offset order) when the table's schema fits again.
 */
final class ParkedChanges {
    /** One parked change. */
    record Parked(long id, long offset, byte[] payload) {}

    private ParkedChanges() {}

    static void park(Connection connection, String sourceRegion, String table, SourceRecord record, String reason)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO tandem.parked_changes (source_region, table_name, kafka_offset, payload, reason, parked_at)"
                        + " VALUES (?, ?, ?, ?, ?, now())")) {
            statement.setString(1, sourceRegion);
            statement.setString(2, table);
            statement.setLong(3, record.offset());
            statement.setBytes(4, record.record().payload());
            statement.setString(5, reason);
            statement.executeUpdate();
        }
    }

    /** Parked tables of a source with the reason of their first parked change. */
    static Map<String, String> parkedTables(Connection connection, String sourceRegion) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT DISTINCT ON (table_name) table_name, reason FROM tandem.parked_changes"
                        + " WHERE source_region = ? ORDER BY table_name, id")) {
            statement.setString(1, sourceRegion);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return tables;
    }

    static List<Parked> load(Connection connection, String sourceRegion, String table) throws SQLException {
        List<Parked> parked = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, kafka_offset, payload FROM tandem.parked_changes WHERE source_region = ? AND table_name = ?"
                        + " ORDER BY id")) {
            statement.setString(1, sourceRegion);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    parked.add(new Parked(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
                }
            }
        }
        return parked;
    }

    static void remove(Connection connection, List<Parked> parked) throws SQLException {
        if (parked.isEmpty()) {
            return;
        }
        try (PreparedStatement statement =
                connection.prepareStatement("DELETE FROM tandem.parked_changes WHERE id = ANY (?)")) {
            Array ids = connection.createArrayOf(
                    "bigint", parked.stream().map(Parked::id).toArray());
            statement.setArray(1, ids);
            statement.executeUpdate();
        }
    }
}
