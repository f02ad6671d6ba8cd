package io.tandem.replicator.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code tandem.local_region}: the single row (primary key {@code singleton = true}) naming this
 * database's region, read by {@code tandem.region()}. The table is created by the core schema
 * script with the failover controller's definition; this sets the region or refuses a database that
 * belongs to another region.
 */
final class LocalRegion {
    private LocalRegion() {}

    static void ensure(Connection connection, String region, List<String> actions) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO tandem.local_region (region) VALUES (?) ON CONFLICT (singleton) DO NOTHING")) {
            insert.setString(1, region);
            if (insert.executeUpdate() == 1) {
                actions.add("tandem.local_region: set to " + region);
                return;
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT region FROM tandem.local_region")) {
            rs.next();
            String stored = rs.getString(1);
            if (!region.equals(stored)) {
                throw new SchemaBootstrapException("this database belongs to region " + stored
                        + " (tandem.local_region) but the configuration says " + region
                        + "; point the configuration at this region's database, or correct tandem.local_region");
            }
        }
    }
}
