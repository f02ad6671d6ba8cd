package io.tandem.replicator.schema;

import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The publication capture reads: the replicated tables plus {@code tandem.tombstones} and
 * {@code tandem.heartbeat}, publishing inserts and updates only. Deletes are not published: a local
 * delete travels as its tombstone's insert or update, and deletes of tombstones are never shipped.
 *
 * <p>On PostgreSQL 15 and later each table carries a row filter that keeps only what capture ships
 * — rows and tombstones with {@code tandem_applied_from IS NULL} (local writes), this region's
 * heartbeat — so the server never decodes-and-sends the applier's writes to capture, which would
 * only drop them. (An applied update of a row whose previous version was a local write is sent as a
 * delete, which capture drops too.) Capture's own loop filter stays in place for older servers.
 */
final class PublicationSetup {
    static final String PUBLISH = "insert, update";
    static final String LOCAL_WRITES = "(tandem_applied_from IS NULL)";

    private PublicationSetup() {}

    static void ensure(
            Connection connection, String publication, String region, List<TableSpec> tables, List<String> actions)
            throws SQLException {
        // the chaos tests' loop-prevention-off switch must reach the server too, or the filters would hide the loop
        boolean rowFilters = connection.getMetaData().getDatabaseMajorVersion() >= 15
                && !Boolean.getBoolean(io.tandem.replicator.capture.EventConverter.TEST_SHIP_APPLIED_ROWS);
        Map<String, String> wanted = new TreeMap<>();
        tables.forEach(t -> wanted.put(t.name(), rowFilters ? LOCAL_WRITES : null));
        wanted.put("tandem.tombstones", rowFilters ? LOCAL_WRITES : null);
        wanted.put("tandem.heartbeat", rowFilters ? "(region = " + Sql.literal(region) + "::text)" : null);
        String tableList = wanted.entrySet().stream()
                .map(e -> {
                    String n = e.getKey();
                    String table = Sql.qualified(n.substring(0, n.indexOf('.')), n.substring(n.indexOf('.') + 1));
                    return e.getValue() == null ? table : table + " WHERE " + e.getValue();
                })
                .collect(Collectors.joining(", "));
        Boolean[] flags = publishFlags(connection, publication);
        try (Statement statement = connection.createStatement()) {
            if (flags == null) {
                statement.execute("CREATE PUBLICATION " + Sql.quote(publication) + " FOR TABLE " + tableList
                        + " WITH (publish = '" + PUBLISH + "')");
                actions.add("publication " + publication + " created for " + wanted.keySet()
                        + (rowFilters ? " with row filters for local writes" : ""));
                return;
            }
            Map<String, String> current = publishedTables(connection, publication, rowFilters);
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

    /** The published tables and their row filters (as the server prints them; null for none). */
    private static Map<String, String> publishedTables(Connection connection, String publication, boolean rowFilters)
            throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT schemaname || '.' || tablename, "
                + (rowFilters ? "rowfilter" : "NULL") + " FROM pg_publication_tables WHERE pubname = ?")) {
            query.setString(1, publication);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return tables;
    }
}
