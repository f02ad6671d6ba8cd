package io.tandem.replicator.apply;

import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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

/** A real PostgreSQL for apply tests, on loopback, with Tandem's tables. Close it after the tests. */
final class TestDatabase implements AutoCloseable {
    /** The region of this (target) database. */
    static final String REGION = "eu-west";

    private final EmbeddedPostgres postgres;

    TestDatabase() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "4")
                    .setServerConfig("max_wal_senders", "4")
                    .setServerConfig("fsync", "off")
                    .start();
            // Tandem's own tables and trigger functions, from the schema bootstrap
            execute(resource("/io/tandem/replicator/schema/tandem-schema-v1.sql"));
            execute("INSERT INTO tandem.local_region (region) VALUES ('" + REGION + "') ON CONFLICT DO NOTHING");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
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

    DataSource dataSource() {
        return postgres.getPostgresDatabase();
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
    public void close() throws IOException {
        postgres.close();
    }
}
