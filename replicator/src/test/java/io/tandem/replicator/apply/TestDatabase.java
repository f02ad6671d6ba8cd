package io.tandem.replicator.apply;

import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.tandem.replicator.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database for apply tests on a real PostgreSQL (loopback), with Tandem's tables. Close it after the tests. */
final class TestDatabase implements AutoCloseable {
    /** The region of this (target) database. */
    static final String REGION = "eu-west";

    private final TestPostgres.Db db;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    /** A fresh database on the module's shared test PostgreSQL, with Tandem's schema. */
    TestDatabase() {
        db = TestPostgres.newDatabase();
        dataSource.setUrl(db.jdbcUrl());
        try {
            // Tandem's own tables and trigger functions, from the schema bootstrap
            execute(resource("/io/tandem/replicator/schema/tandem-schema-v1.sql"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema bootstrap's SQL", e);
        }
        execute("INSERT INTO tandem.local_region (region) VALUES ('" + REGION + "') ON CONFLICT DO NOTHING");
    }

    /**
     * Instruments existing tables as {@code tandem init} does (metadata columns, triggers, publication),
     * with the last-writer-wins policy.
     */
    void instrument(String... tables) {
        try (Connection connection = connect()) {
            new SchemaBootstrap(
                            new ReplicationNames(REGION),
                            new ArrayList<>(Feeder.tables("lww", tables).values()))
                    .run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot instrument " + java.util.Arrays.toString(tables), e);
        }
    }

    /** Instruments tables exactly as declared, so triggers and applier agree on counter and merge columns. */
    void instrument(TableSpec... specs) {
        try (Connection connection = connect()) {
            new SchemaBootstrap(new ReplicationNames(REGION), List.of(specs)).run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot instrument " + java.util.Arrays.toString(specs), e);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** A data source whose driver rewrites batched inserts into multi-row ones (no per-row counts). */
    DataSource rewritingBatches() {
        PGSimpleDataSource rewriting = new PGSimpleDataSource();
        rewriting.setUrl(db.jdbcUrl());
        rewriting.setReWriteBatchedInserts(true);
        return rewriting;
    }

    Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    void execute(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + sql, e);
        }
    }

    /** The rows of a query, each column as text. */
    List<List<String>> rows(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + sql, e);
        }
    }

    String one(String sql) {
        List<List<String>> rows = rows(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    long count(String sql) {
        return Long.parseLong(one(sql));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TestDatabase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws SQLException {
        // the server is shared (stopped when the JVM exits); drop this database's slots so they hold no WAL
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
        db.dropSlots();
    }
}
