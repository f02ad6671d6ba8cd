package io.tandem.replicator.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The region's logical replication slot (pgoutput). The bootstrap creates it so that every change
 * committed after {@code tandem init} is retained for capture, even before capture first runs.
 * Must run outside a transaction that has written (a PostgreSQL rule for logical slots).
 */
final class ReplicationSlot {
    private ReplicationSlot() {}

    static void ensure(Connection connection, String slot, List<String> actions) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT plugin, database, current_database() FROM pg_replication_slots" + " WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    if (!rs.getString(3).equals(rs.getString(2))) {
                        throw new SchemaBootstrapException("replication slot " + slot + " already exists for database "
                                + rs.getString(2) + " on this server (slot names are server-wide), not for "
                                + rs.getString(3) + "; each region's database needs its own server or region name");
                    }
                    if (!"pgoutput".equals(rs.getString(1))) {
                        throw new SchemaBootstrapException("replication slot " + slot + " exists with plugin "
                                + rs.getString(1) + " but Tandem needs pgoutput; drop that slot"
                                + " (SELECT pg_drop_replication_slot('" + slot + "')) and run tandem init again");
                    }
                    return;
                }
            }
        }
        try (PreparedStatement create =
                connection.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            create.setString(1, slot);
            create.execute();
        }
        actions.add("replication slot " + slot + " created");
    }
}
