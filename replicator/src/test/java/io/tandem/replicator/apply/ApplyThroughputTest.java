package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.event.SourceTx;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Measures apply throughput: N upserts of new rows in source transactions of 10, applied in batches
 * of 2,000 records (the default poll size), without Kafka. Prints one {@code apply-throughput} line.
 * Bigger runs: {@code mvn -B -q verify -pl replicator -am -Dtest=ApplyThroughputTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtandem.bench.events=200000}; add
 * {@code -Dtandem.bench.noTriggers=true} to leave the Tandem triggers out of the measurement.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class ApplyThroughputTest {
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase();
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, customer text NOT NULL, status text,"
                + " amount numeric(12,2), placed_at timestamptz)");
        db.instrument("public.orders");
        if (Boolean.getBoolean("tandem.bench.noTriggers")) {
            db.execute("ALTER TABLE public.orders DISABLE TRIGGER USER");
        }
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @Test
    void appliesABacklogInBatches() throws Exception {
        int events = Integer.getInteger("tandem.bench.events", 20_000);
        int batch = 2_000;
        Feeder feeder = new Feeder(db, "us-east", Feeder.tables("lww", "public.orders"));
        List<PolledRecord> records = new ArrayList<>(events);
        long t = System.currentTimeMillis();
        for (int i = 0; i < events; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", (long) i);
            row.put("customer", "customer-" + (i % 977));
            row.put("status", "placed");
            row.put("amount", new BigDecimal("19.90"));
            row.put("placed_at", "2026-11-25T10:00:00.123456Z");
            ChangeEvent event = new ChangeEvent(
                    "us-east",
                    "public.orders",
                    ChangeOp.UPSERT,
                    Map.of("id", (long) i),
                    row,
                    "{\"us-east\":" + (i + 1) + "}",
                    hlc(t, i % 60_000),
                    "us-east",
                    null,
                    new SourceTx(String.valueOf(i / 10), 1_000L + i, i % 10, i % 10 == 9 || i == events - 1, t));
            records.add(new PolledRecord(i, feeder.codec.encode(event)));
        }
        long started = System.nanoTime();
        for (int from = 0; from < events; from += batch) {
            List<SourceTransaction> transactions =
                    feeder.assembler.add(records.subList(from, Math.min(events, from + batch)));
            try (Connection connection = db.connect()) {
                feeder.applier.apply(connection, transactions);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rowsPerSecond = events / seconds;
        System.out.printf(
                "apply-throughput events=%d batch=%d seconds=%.2f rows_per_s=%.0f%n",
                events, batch, seconds, rowsPerSecond);
        assertEquals(events, db.count("SELECT count(*) FROM public.orders"));
        assertTrue(rowsPerSecond > 500, "apply fell below 500 rows/s: " + rowsPerSecond);
    }
}
