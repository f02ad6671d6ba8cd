package io.tandem.embedded.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tandem.embedded.ports.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race the retry exists for: the chosen port is taken by another PostgreSQL before ours binds
 * it. zonky's readiness probe then reaches the other server; we must notice and retry elsewhere.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true")
class PostgresPortTakenTest {
    @TempDir
    Path base;

    @Test
    void retriesOnAnotherPortWhenAnotherPostgresHoldsTheChosenOne() throws Exception {
        try (PostgresServer holder =
                PostgresServer.start(PostgresSettings.of("holder").withBaseDir(base))) {
            AtomicInteger picks = new AtomicInteger();
            PostgresServer late = new PostgresServer(
                    PostgresSettings.of("late").withBaseDir(base),
                    () -> picks.getAndIncrement() == 0 ? holder.port() : LoopbackPorts.pick());
            try (late) {
                late.start();

                assertEquals(2, picks.get());
                assertNotEquals(holder.port(), late.port());
                assertEquals(late.dataDirectory().toRealPath(), servedDirectory(late));
            }
            // The holder was not disturbed.
            assertEquals(holder.dataDirectory().toRealPath(), servedDirectory(holder));
        }
        try (var left = Files.list(base)) {
            assertEquals(0, left.count());
        }
    }

    private static Path servedDirectory(PostgresServer server) throws Exception {
        try (Connection c = server.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            return Path.of(rs.getString(1)).toRealPath();
        }
    }
}
