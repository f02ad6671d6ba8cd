package io.tandem.replicator.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Tandem's own schema objects ({@code tandem.*} tables, sequence and functions), versioned in
 * {@code tandem.schema_version} under the component {@value #COMPONENT}. Runs inside the bootstrap's
 * transaction: the script of every version above the installed one ({@code tandem-schema-v<N>.sql}),
 * in order, then records the new version.
 *
 * <p>Versions: 1 the tables, sequence and trigger functions; 2 {@code tandem.repair_log}.
 */
final class CoreSchema {
    static final String COMPONENT = "replicator";
    static final int VERSION = 2;

    private CoreSchema() {}

    static void ensure(Connection connection, List<String> actions) throws SQLException {
        int installed = installedVersion(connection);
        if (installed > VERSION) {
            throw new SchemaBootstrapException("tandem schema version " + installed
                    + " is newer than this Tandem understands (" + VERSION + "); upgrade Tandem");
        }
        if (installed == VERSION) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (int version = installed + 1; version <= VERSION; version++) {
                statement.execute(script(version));
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO tandem.schema_version (component, version, applied_at) VALUES (?, ?, now()) "
                        + "ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version, applied_at = now()")) {
            upsert.setString(1, COMPONENT);
            upsert.setInt(2, VERSION);
            upsert.executeUpdate();
        }
        actions.add("tandem schema: installed version " + VERSION + " (was " + installed + ")");
    }

    /** The installed version, 0 when none. */
    static int installedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet exists = statement.executeQuery("SELECT to_regclass('tandem.schema_version') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return 0;
            }
        }
        try (PreparedStatement query =
                connection.prepareStatement("SELECT version FROM tandem.schema_version WHERE component = ?")) {
            query.setString(1, COMPONENT);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static String script(int version) {
        String name = "tandem-schema-v" + version + ".sql";
        try (InputStream in = CoreSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the replicator jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
