package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static io.tandem.replicator.apply.Events.tx;
import static io.tandem.replicator.apply.Events.upsert;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.replicator.event.ChangeEventCodec;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class SourceApplierTest {
    private static final long T = 1_764_000_000_000L;
    private static TestDatabase db;
    private final ChangeEventCodec codec = new ChangeEventCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private InMemoryTopic topic;
    private SourceApplier applier;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void freshTables() {
        db.execute(
                "DROP TABLE IF EXISTS public.counters; TRUNCATE tandem.tombstones, tandem.conflict_log,"
                        + " tandem.dead_letter, tandem.apply_position, tandem.parked_changes;"
                        + " CREATE TABLE public.counters (id bigint PRIMARY KEY, n bigint NOT NULL,"
                        + " tandem_vv jsonb, tandem_hlc bigint, tandem_origin text, tandem_meta jsonb, tandem_applied_from text)");
        db.instrument("public.counters");
        topic = new InMemoryTopic();
    }

    @AfterEach
    void closeApplier() {
        if (applier != null) {
            applier.close();
        }
    }

    private SourceApplier newApplier(DataSource target, int maxAttempts) {
        ApplierSettings settings = new ApplierSettings(
                "us-east",
                Feeder.tables("lww", "public.counters"),
                Duration.ofMillis(20),
                3,
                maxAttempts,
                Duration.ofMillis(10),
                Duration.ofSeconds(1));
        return new SourceApplier(
                settings,
                target,
                () -> topic.open(3),
                new LibraryResolver(settings.tables().values(), Clock.systemUTC()),
                registry,
                Clock.systemUTC());
    }

    /** Writes version {@code counter} of row 1 with n = counter, in source transaction {@code txId}. */
    private void publish(long counter, String txId, int index, boolean last) {
        topic.append(codec.encode(upsert(
                "us-east",
                "public.counters",
                index + 1,
                Map.of("n", counter),
                "{\"us-east\":" + counter + "}",
                hlc(T, (int) counter),
                tx(txId, index, last))));
    }

    private long storedNextOffset() {
        String next = db.one("SELECT next_offset FROM tandem.apply_position");
        return next == null ? -1 : Long.parseLong(next);
    }

    @Test
    void appliesPolledTransactionsAndStoresThePosition() {
        applier = newApplier(db.dataSource(), 3);
        applier.start();
        for (int i = 1; i <= 10; i++) {
            publish(i, String.valueOf(i), 0, true);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> storedNextOffset() == 10);
        assertEquals("10", db.one("SELECT n FROM public.counters WHERE id = 1"));
        assertEquals(ApplierState.RUNNING, applier.state());
    }

    @Test
    void abruptCloseMidTransactionResumesExactlyAtTheStoredPosition() {
        applier = newApplier(db.dataSource(), 3);
        applier.start();
        publish(1, "1", 0, true);
        publish(2, "2", 0, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> storedNextOffset() == 2);
        // the first half of transaction 3 arrives, then the applier dies
        publish(3, "3", 0, false);
        publish(3, "3", 1, false);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> registry.find("tandem.apply.batch").timer() != null);
        applier.close();
        assertEquals(ApplierState.CLOSED, applier.state());
        assertEquals(2, storedNextOffset(), "an incomplete transaction must not move the position");
        assertEquals(0, db.count("SELECT count(*) FROM public.counters WHERE id <> 1"));

        publish(3, "3", 2, true);
        publish(4, "4", 0, true);
        applier = newApplier(db.dataSource(), 3);
        applier.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> storedNextOffset() == 6);
        assertEquals(
                2,
                db.count("SELECT count(*) FROM public.counters WHERE id IN (2, 3) AND n = 3"),
                "transaction 3 applied whole");
        assertEquals("4", db.one("SELECT n FROM public.counters WHERE id = 1"));
        double applied = registry.find("tandem.apply.applied").counter().count();
        assertEquals(6.0, applied, "every change applied exactly once across the restart");
    }

    @Test
    void aLostDatabaseConnectionIsRetriedAndNothingIsAppliedTwice() {
        applier = newApplier(db.dataSource(), 5);
        applier.start();
        publish(1, "1", 0, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> storedNextOffset() == 1);
        // the database drops the applier's connection (failover, restart, network)
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
        publish(2, "2", 0, true);
        publish(3, "3", 0, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> storedNextOffset() == 3);
        assertEquals(ApplierState.RUNNING, applier.state());
        assertEquals("3", db.one("SELECT n FROM public.counters WHERE id = 1"));
        assertEquals(3.0, registry.find("tandem.apply.applied").counter().count());
    }

    @Test
    void closeIsIdempotentAndAClosedApplierCannotStart() {
        applier = newApplier(db.dataSource(), 3);
        applier.start();
        applier.close();
        applier.close();
        assertEquals(ApplierState.CLOSED, applier.state());
        IllegalStateException e = assertThrows(IllegalStateException.class, applier::start);
        assertTrue(e.getMessage().contains("expected state LATENT but was CLOSED"), e.getMessage());
    }

    @Test
    void aTargetWithoutTandemsSchemaFailsAtStartAndSaysToRunInit() throws Exception {
        try (TestDatabase bare = new TestDatabase()) {
            bare.execute("DROP TABLE tandem.conflict_log");
            applier = newApplier(bare.dataSource(), 1);
            applier.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> applier.state() == ApplierState.FAILED);
            String message = applier.failure().orElseThrow().getMessage();
            assertTrue(message.contains("tandem.conflict_log") && message.contains("tandem init"), message);
        }
    }

    @Test
    void retriableErrorsAreBoundedThenTheApplierFailsWithoutSkipping() {
        DataSource flaky = new FlakyDataSource(db.dataSource());
        applier = newApplier(flaky, 3);
        applier.start();
        publish(1, "1", 0, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.state() == ApplierState.FAILED);
        String message = applier.failure().orElseThrow().getMessage();
        assertTrue(message.contains("giving up after 3 attempt(s)"), message);
        assertEquals(-1, storedNextOffset());
    }

    /** Hands out the first connection (to read the position), then refuses as if the network were down. */
    private static final class FlakyDataSource implements DataSource {
        private final DataSource real;
        private int handedOut;

        FlakyDataSource(DataSource real) {
            this.real = real;
        }

        @Override
        public synchronized Connection getConnection() throws SQLException {
            if (handedOut++ == 0) {
                Connection connection = real.getConnection();
                connection.close();
                return connection; // closed: the first batch fails and every reconnect is refused
            }
            throw new SQLException("connection refused (test)", "08006");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
