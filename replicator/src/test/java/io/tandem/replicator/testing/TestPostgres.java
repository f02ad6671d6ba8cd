package io.tandem.replicator.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (zonky embedded binaries, loopback only) shared by this module's tests, with
 * logical decoding enabled and {@code synchronous_commit=on}. Each test takes a fresh database from
 * {@link #newDatabase()}; the server stops when the test JVM exits.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile EmbeddedPostgres server;

    private TestPostgres() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                        .setServerConfig("wal_level", "logical")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_replication_slots", "20")
                        .setServerConfig("max_wal_senders", "20")
                        .setServerConfig("fsync", "off")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
                    }
                }));
                server = started;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new empty database; returns its name. */
    public static Db newDatabase() {
        String name = "t" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server().getJdbcUrl("postgres", "postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new Db(name, server().getPort());
    }

    /** A test database on the shared server. */
    public record Db(String name, int port) {
        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + name + "?user=postgres";
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl());
        }

        /**
         * Drops this database's replication slots: slot names are server-wide, and every test
         * database bootstraps the same region names. Call after capture has stopped.
         */
        public void dropSlots() throws SQLException {
            execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                    + " WHERE database = current_database() AND active_pid IS NOT NULL");
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> {
                        try (Connection c = connect();
                                Statement s = c.createStatement();
                                java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_replication_slots"
                                        + " WHERE database = current_database() AND active")) {
                            rs.next();
                            return rs.getInt(1) == 0;
                        }
                    });
            execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE database = current_database()");
        }

        /** Runs statements in one auto-committed batch. */
        public void execute(String... statements) throws SQLException {
            try (Connection c = connect();
                    Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        }
    }
}
