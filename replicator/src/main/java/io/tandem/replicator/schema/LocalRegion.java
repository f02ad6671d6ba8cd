package io.tandem.replicator.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tandem.local_region}: the single row naming this database's region, read by
 * {@code tandem.region()}. The table definition is shared with the failover controller; a unique
 * index on a constant keeps it at one row.
 */
final class LocalRegion {
    private LocalRegion() {}

    static void ensure(Connection connection, String region, List<String> actions) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS tandem.local_region (region text PRIMARY KEY)");
            if (!indexExists(connection)) {
                statement.execute("CREATE UNIQUE INDEX local_region_single_row ON tandem.local_region ((true))");
                actions.add("tandem.local_region: limited to one row");
            }
        }
        List<String> found = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT region FROM tandem.local_region")) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        if (found.isEmpty()) {
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO tandem.local_region (region) VALUES (?)")) {
                insert.setString(1, region);
                insert.executeUpdate();
            }
            actions.add("tandem.local_region: set to " + region);
        } else if (!found.equals(List.of(region))) {
            throw new SchemaBootstrapException("this database belongs to region " + found
                    + " (tandem.local_region) but the configuration says " + region
                    + "; point the configuration at this region's database, or correct tandem.local_region");
        }
    }

    private static boolean indexExists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs =
                        statement.executeQuery("SELECT to_regclass('tandem.local_region_single_row') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
