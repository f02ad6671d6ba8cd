package io.tandem.bench.replication;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.tandem.replicator.capture.CaptureSettings;
import io.tandem.replicator.capture.DebeziumProperties;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The throughput ceiling of capture: Debezium's engine with exactly the connector configuration
 * Tandem's capture runs with, on a second slot of the same publication, reading the same backlog,
 * with a handler that only counts the rows. No conversion, no Kafka, no apply. A region has one slot
 * and so one connector thread decoding its changes; no pipeline behind it can replicate faster than
 * this.
 */
final class CaptureCeiling {
    static final String SLOT = "tandem_bench_ceiling";

    private CaptureCeiling() {}

    /** Creates the ceiling's slot; call before the backlog is written so the slot keeps it. */
    static void createSlot(DataSource source) throws SQLException {
        OrdersWorkload.exec(source, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
    }

    /** Drops the ceiling's slot (it would keep WAL for ever). */
    static void dropSlot(DataSource source) throws SQLException {
        OrdersWorkload.exec(source, "SELECT pg_drop_replication_slot('" + SLOT + "')");
    }

    /**
     * Runs the engine from the slot's start until {@code rows} rows of the orders table arrived; returns
     * rows per second from the engine's start (connector start-up included, as in the catch-up).
     */
    static double rowsPerSecond(CaptureSettings settings, long rows, Duration timeout) throws Exception {
        Properties p = DebeziumProperties.of(settings);
        p.setProperty("name", "tandem-bench-ceiling");
        p.setProperty("slot.name", SLOT);
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        String orders = p.getProperty("topic.prefix") + "." + OrdersWorkload.TABLE;
        AtomicLong seen = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        AtomicLong doneAt = new AtomicLong();
        DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> counter = (records, committer) -> {
            long orderRows = 0;
            for (RecordChangeEvent<SourceRecord> r : records) {
                if (orders.equals(r.record().topic())) {
                    orderRows++;
                }
                committer.markProcessed(r);
            }
            committer.markBatchFinished();
            if (seen.addAndGet(orderRows) >= rows && doneAt.compareAndSet(0, System.nanoTime())) {
                all.countDown();
            }
        };
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-ceiling");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        try (DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(
                        ChangeEventFormat.of(Connect.class))
                .using(p)
                .notifying(counter)
                .build()) {
            executor.execute(engine);
            if (!all.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "the capture ceiling saw " + seen.get() + " of " + rows + " rows within " + timeout);
            }
        } finally {
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        }
        return rows / ((doneAt.get() - started) / 1e9);
    }
}
