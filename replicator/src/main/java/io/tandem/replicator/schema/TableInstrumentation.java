package io.tandem.replicator.schema;

import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Makes one configured table replicable: checks it exists with the declared primary key, adds the
 * metadata columns, the two triggers and REPLICA IDENTITY FULL. Changes only what is missing.
 */
final class TableInstrumentation {
    static final String BEFORE_WRITE_TRIGGER = "tandem_before_write";
    static final String AFTER_DELETE_TRIGGER = "tandem_after_delete";

    private TableInstrumentation() {}

    static void ensure(Connection connection, TableSpec spec, List<String> actions) throws SQLException {
        long oid = tableOid(connection, spec);
        checkPrimaryKey(connection, spec, oid);
        addMissingColumns(connection, spec, oid, actions);
        ensureTrigger(
                connection, spec, oid, BEFORE_WRITE_TRIGGER, "BEFORE INSERT OR UPDATE", "row_before_write", actions);
        ensureTrigger(connection, spec, oid, AFTER_DELETE_TRIGGER, "AFTER DELETE", "row_after_delete", actions);
        ensureReplicaIdentityFull(connection, spec, oid, actions);
    }

    private static String relation(TableSpec spec) {
        return Sql.qualified(spec.schema(), spec.table());
    }

    private static long tableOid(Connection connection, TableSpec spec) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            query.setString(1, spec.schema());
            query.setString(2, spec.table());
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new SchemaBootstrapException("table " + spec.name()
                            + " is configured for replication but does not exist in this database;"
                            + " create it before running tandem init, or remove it from the configuration");
                }
                return rs.getLong(1);
            }
        }
    }

    static List<String> actualPrimaryKey(Connection connection, long oid) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT a.attname FROM pg_index i "
                + "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                + "WHERE i.indrelid = ?::oid AND i.indisprimary ORDER BY k.ord")) {
            query.setLong(1, oid);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private static void checkPrimaryKey(Connection connection, TableSpec spec, long oid) throws SQLException {
        List<String> actual = actualPrimaryKey(connection, oid);
        if (actual.isEmpty()) {
            throw new SchemaBootstrapException("table " + spec.name()
                    + " has no primary key; Tandem replicates only tables with a primary key:"
                    + " add one (ALTER TABLE " + spec.name() + " ADD PRIMARY KEY (...)) or remove the table"
                    + " from the configuration");
        }
        if (!actual.equals(spec.primaryKey())) {
            throw new SchemaBootstrapException("table " + spec.name() + ": the configuration declares primary key "
                    + spec.primaryKey() + " but the database's primary key is " + actual
                    + "; correct the configuration");
        }
    }

    private static void addMissingColumns(Connection connection, TableSpec spec, long oid, List<String> actions)
            throws SQLException {
        Map<String, String> existing = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                        + "WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped AND attname LIKE 'tandem\\_%'")) {
            query.setLong(1, oid);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    existing.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<MetadataColumn> missing = new ArrayList<>();
        for (MetadataColumn column : MetadataColumn.values()) {
            String type = existing.get(column.column());
            if (type == null) {
                missing.add(column);
            } else if (!type.equals(column.type())) {
                throw new SchemaBootstrapException("table " + spec.name() + ": column " + column.column()
                        + " exists with type " + type + " but Tandem needs " + column.type()
                        + "; rename or drop that column");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String adds = missing.stream().map(c -> "ADD COLUMN " + c.definition()).collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + relation(spec) + " " + adds);
        }
        actions.add(spec.name() + ": added columns "
                + missing.stream().map(MetadataColumn::column).collect(Collectors.joining(", ")));
    }

    private static void ensureTrigger(
            Connection connection,
            TableSpec spec,
            long oid,
            String name,
            String timing,
            String function,
            List<String> actions)
            throws SQLException {
        String config = TriggerConfig.of(spec).json();
        String wantedArgs = config + "\u0000";
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT tgargs FROM pg_trigger WHERE tgrelid = ?::oid AND tgname = ? AND NOT tgisinternal")) {
            query.setLong(1, oid);
            query.setString(2, name);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()
                        && new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8).equals(wantedArgs)) {
                    return;
                }
            }
        }
        String args = Sql.literal(config);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TRIGGER " + name + " " + timing + " ON " + relation(spec)
                    + " FOR EACH ROW EXECUTE FUNCTION tandem." + function + "(" + args + ")");
        }
        actions.add(spec.name() + ": trigger " + name + " installed");
    }

    private static void ensureReplicaIdentityFull(Connection connection, TableSpec spec, long oid, List<String> actions)
            throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT relreplident FROM pg_class WHERE oid = ?::oid")) {
            query.setLong(1, oid);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                if ("f".equals(rs.getString(1))) {
                    return;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + relation(spec) + " REPLICA IDENTITY FULL");
        }
        actions.add(spec.name() + ": replica identity set to FULL");
    }
}
