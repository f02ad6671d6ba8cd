package io.tandem.embedded.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.ServerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

@DisabledIfSystemProperty(named = "skipITs", matches = "true")
class PostgresServerTest {
    @TempDir
    static Path base;

    static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start(PostgresSettings.of("pg-test").withBaseDir(base));
    }

    @AfterAll
    static void close() {
        postgres.close();
    }

    @Test
    void isConfiguredForLogicalReplication() throws SQLException {
        assertEquals("logical", show("wal_level"));
        assertEquals("on", show("synchronous_commit"));
        assertTrue(Integer.parseInt(show("max_replication_slots")) >= 10);
        assertTrue(Integer.parseInt(show("max_wal_senders")) >= 10);
        assertEquals("127.0.0.1", show("listen_addresses"));
    }

    @Test
    void createsALogicalSlotWithPgoutput() throws SQLException {
        try (Connection c = postgres.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE slot_probe (id int PRIMARY KEY)");
            s.execute("CREATE PUBLICATION slot_probe_pub FOR TABLE slot_probe");
            try (ResultSet rs = s.executeQuery(
                    "SELECT slot_name FROM pg_create_logical_replication_slot('probe_slot', 'pgoutput')")) {
                rs.next();
                assertEquals("probe_slot", rs.getString(1));
            }
            s.execute("INSERT INTO slot_probe VALUES (1)");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_logical_slot_get_binary_changes("
                    + "'probe_slot', NULL, NULL, 'proto_version', '1', 'publication_names', 'slot_probe_pub')")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 3, "expected BEGIN, INSERT and COMMIT messages from the slot");
            }
            s.execute("SELECT pg_drop_replication_slot('probe_slot')");
        }
    }

    @Test
    void restartKeepsDataPortAndDirectory() throws SQLException {
        int port = postgres.port();
        try (Connection c = postgres.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (id int PRIMARY KEY, v text)");
            s.execute("INSERT INTO kept VALUES (1, 'survives')");
        }

        postgres.stop();
        assertEquals(ServerState.STOPPED, postgres.state());
        assertThrows(SQLException.class, () -> postgres.connect().close());
        postgres.start();

        assertEquals(port, postgres.port());
        try (Connection c = postgres.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM kept WHERE id = 1")) {
            assertTrue(rs.next());
            assertEquals("survives", rs.getString(1));
        }
    }

    @Test
    void recoversCommittedDataAfterACrash() throws SQLException {
        try (Connection c = postgres.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE crash_probe (id int PRIMARY KEY)");
            s.execute("INSERT INTO crash_probe VALUES (42)");
        }

        postgres.crash();
        assertEquals(ServerState.STOPPED, postgres.state());
        postgres.start();

        try (Connection c = postgres.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM crash_probe")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    @Test
    void refusesToStartTwiceNamingBothStates() {
        IllegalStateException e = assertThrows(IllegalStateException.class, postgres::start);
        assertTrue(e.getMessage().contains("NEW or STOPPED") && e.getMessage().contains("RUNNING"), e.getMessage());
    }

    @Test
    void closeDeletesItsDirectoryAndIsIdempotent() {
        PostgresServer other =
                PostgresServer.start(PostgresSettings.of("pg-close").withBaseDir(base));
        Path dir = other.directory();
        assertTrue(Files.isDirectory(other.dataDirectory()));
        other.close();
        other.close();
        assertFalse(Files.exists(dir));
        assertEquals(ServerState.CLOSED, other.state());
    }

    private static String show(String setting) throws SQLException {
        try (Connection c = postgres.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
