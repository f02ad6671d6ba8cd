package io.tandem.replicator.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Appends resolved conflicts to {@code tandem.conflict_log}, in one batched statement. */
final class ConflictLog {
    /** One conflict row: the key and both versions rendered as JSON. */
    record Entry(String table, String keyJson, String localJson, String incomingJson, ConflictRecord conflict) {}

    private static final String SQL =
            "INSERT INTO tandem.conflict_log (table_name, pk, local_version, incoming_version, policy, winner,"
                    + " source_region, resolved_at) VALUES (?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb),"
                    + " ?, ?, ?, now())";

    private ConflictLog() {}

    static void append(Connection connection, List<Entry> entries, String sourceRegion) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            for (Entry entry : entries) {
                statement.setString(1, entry.table());
                statement.setString(2, entry.keyJson());
                statement.setString(3, entry.localJson());
                statement.setString(4, entry.incomingJson());
                statement.setString(5, entry.conflict().policy());
                statement.setString(6, entry.conflict().winner());
                statement.setString(7, sourceRegion);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
