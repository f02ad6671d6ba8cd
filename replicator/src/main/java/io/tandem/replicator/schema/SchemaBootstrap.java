package io.tandem.replicator.schema;

import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent, versioned schema bootstrap for one region's database ({@code tandem init}).
 *
 * <p>In one transaction, under an advisory lock so two bootstraps never interleave: Tandem's own
 * schema (tables, HLC sequence, trigger functions; versioned in {@code tandem.schema_version}), the
 * region row, each configured table's metadata columns, triggers and REPLICA IDENTITY FULL, and the
 * publication. Then, outside that transaction, the logical replication slot. A second run changes
 * nothing and reports so.
 */
public final class SchemaBootstrap {
    private static final Logger log = LoggerFactory.getLogger(SchemaBootstrap.class);
    private static final long LOCK_KEY = 7366726L << 32;

    private final ReplicationNames names;
    private final List<TableSpec> tables;

    public SchemaBootstrap(ReplicationNames names, List<TableSpec> tables) {
        this.names = java.util.Objects.requireNonNull(names, "names");
        this.tables = List.copyOf(tables);
    }

    /** The schema version this Tandem installs. */
    public static int version() {
        return CoreSchema.VERSION;
    }

    /**
     * Brings the database up to date. Leaves the connection's auto-commit mode as it found it.
     *
     * @throws SchemaBootstrapException when the database does not match the configuration (permanent)
     * @throws SQLException when the database fails; the transaction is rolled back
     */
    public BootstrapReport run(Connection connection) throws SQLException {
        List<String> actions = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            }
            CoreSchema.ensure(connection, actions);
            LocalRegion.ensure(connection, names.region(), actions);
            for (TableSpec table : tables) {
                TableInstrumentation.ensure(connection, table, actions);
            }
            PublicationSetup.ensure(connection, names.publication(), names.region(), tables, actions);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        boolean slotAutoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
            ReplicationSlot.ensure(connection, names.slot(), actions);
        } finally {
            connection.setAutoCommit(slotAutoCommit);
        }
        BootstrapReport report = new BootstrapReport(actions);
        if (report.changedNothing()) {
            log.info("schema bootstrap for region {}: already up to date", names.region());
        } else {
            actions.forEach(a -> log.info("schema bootstrap for region {}: {}", names.region(), a));
        }
        return report;
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
