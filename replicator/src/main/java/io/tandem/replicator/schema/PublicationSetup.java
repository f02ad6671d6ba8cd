package io.tandem.replicator.schema;

import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The publication capture reads: the replicated tables plus {@code tandem.tombstones} and
 * {@code tandem.heartbeat}, publishing inserts and updates only. Deletes are not published: a local
 * delete travels as its tombstone's insert or update, and deletes of tombstones are never shipped.
 */
final class PublicationSetup {
    static final String PUBLISH = "insert, update";

    private PublicationSetup() {}

    static void ensure(Connection connection, String publication, List<TableSpec> tables, List<String> actions)
            throws SQLException {
        Set<String> wanted = new TreeSet<>();
        tables.forEach(t -> wanted.add(t.name()));
        wanted.add("tandem.tombstones");
        wanted.add("tandem.heartbeat");
        String tableList = wanted.stream()
                .map(n -> Sql.qualified(n.substring(0, n.indexOf('.')), n.substring(n.indexOf('.') + 1)))
                .collect(Collectors.joining(", "));
        Boolean[] flags = publishFlags(connection, publication);
        try (Statement statement = connection.createStatement()) {
            if (flags == null) {
                statement.execute("CREATE PUBLICATION " + Sql.quote(publication) + " FOR TABLE " + tableList
                        + " WITH (publish = '" + PUBLISH + "')");
                actions.add("publication " + publication + " created for " + wanted);
                return;
            }
            Set<String> current = publishedTables(connection, publication);
            if (!current.equals(wanted)) {
                statement.execute("ALTER PUBLICATION " + Sql.quote(publication) + " SET TABLE " + tableList);
                actions.add("publication " + publication + " tables changed from " + current + " to " + wanted);
            }
            if (!flags[0] || !flags[1] || flags[2] || flags[3]) {
                statement.execute("ALTER PUBLICATION " + Sql.quote(publication) + " SET (publish = '" + PUBLISH + "')");
                actions.add("publication " + publication + " set to publish " + PUBLISH);
            }
        }
    }

    /** insert, update, delete, truncate flags, or null when the publication does not exist. */
    private static Boolean[] publishFlags(Connection connection, String publication) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication WHERE pubname = ?")) {
            query.setString(1, publication);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Boolean[] {rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)};
            }
        }
    }

    private static Set<String> publishedTables(Connection connection, String publication) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ?")) {
            query.setString(1, publication);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }
}
