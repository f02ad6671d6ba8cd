package io.tandem.replicator.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.kafka.KafkaSettings;
import io.tandem.replicator.capture.Capture;
import io.tandem.replicator.capture.CaptureSettings;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.tandem.replicator.testing.TestPostgres;
import io.tandem.replicator.testing.TestPostgres.Db;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Capture → Kafka throughput (draining a backlog of 1,000-row transactions) and commit → ack
 * latency (single-row transactions, one after another). Not part of the normal build:
 * {@code mvn -B -q verify -pl replicator -am -Dtandem.bench=true -Dtest=CaptureThroughputBench
 * -Dsurefire.failIfNoSpecifiedTests=false}; prints one {@code bench=capture-ship ...} line.
 */
@EnabledIfSystemProperty(named = "tandem.bench", matches = "true")
class CaptureThroughputBench {
    private static final List<TableSpec> TABLES =
            List.of(new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, null, null, null));
    private static final int BACKLOG_TRANSACTIONS = 50;
    private static final int ROWS_PER_TRANSACTION = 1000;
    private static final int LATENCY_TRANSACTIONS = 300;

    @Test
    void measure() throws Exception {
        ReplicationNames names = new ReplicationNames("bench");
        Db db = TestPostgres.newDatabase();
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, status text, amount numeric(10,2))");
        try (Connection c = db.connect()) {
            new SchemaBootstrap(names, TABLES).run(c);
        }
        for (int t = 0; t < BACKLOG_TRANSACTIONS; t++) {
            int from = t * ROWS_PER_TRANSACTION + 1;
            db.execute("INSERT INTO public.orders SELECT g, 'new', 9.99 FROM generate_series(" + from + ", "
                    + (from + ROWS_PER_TRANSACTION - 1) + ") g");
        }
        int backlog = BACKLOG_TRANSACTIONS * ROWS_PER_TRANSACTION;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaBroker kafka = KafkaBroker.start(KafkaSettings.of("bench"));
                CapturePipeline pipeline = CapturePipeline.start(
                        new CaptureSettings(
                                names,
                                "localhost",
                                db.port(),
                                db.name(),
                                "postgres",
                                null,
                                TABLES,
                                null,
                                Integer.getInteger("tandem.bench.batch", 0)),
                        kafka.bootstrapServers(),
                        Map.of(),
                        registry)) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> shipped(registry) >= 1);
            assertEquals(Capture.State.RUNNING, pipeline.state());
            long first = System.nanoTime();
            double before = shipped(registry);
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> shipped(registry) >= backlog);
            double seconds = (System.nanoTime() - first) / 1e9;
            double throughput = (backlog - before) / seconds;

            SimpleMeterRegistry latencyRegistry = registry;
            long shippedBefore = (long) shipped(registry);
            CaptureLatency latency = new CaptureLatency();
            try (Connection c = db.connect()) {
                for (int i = 1; i <= LATENCY_TRANSACTIONS; i++) {
                    long commitStart = System.nanoTime();
                    try (var s = c.createStatement()) {
                        s.execute("INSERT INTO public.orders VALUES (" + (backlog + i) + ", 'new', 1)");
                    }
                    long target = shippedBefore + i;
                    await().atMost(Duration.ofSeconds(10))
                            .pollInterval(Duration.ofMillis(1))
                            .until(() -> shipped(latencyRegistry) >= target);
                    latency.add(System.nanoTime() - commitStart);
                }
            }
            System.out.printf(
                    "bench=capture-ship max_batch=%d backlog_events=%d events_per_s=%.0f latency_p50_ms=%.1f latency_p99_ms=%.1f"
                            + " latency_max_ms=%.1f samples=%d%n",
                    Integer.getInteger("tandem.bench.batch", CaptureSettings.DEFAULT_MAX_BATCH_SIZE),
                    backlog,
                    throughput,
                    latency.percentile(0.5),
                    latency.percentile(0.99),
                    latency.percentile(1.0),
                    LATENCY_TRANSACTIONS);
        } finally {
            db.dropSlots();
        }
    }

    /** The same backlog drained by capture alone into a counting sink: Debezium and conversion cost. */
    @Test
    void captureAlone() throws Exception {
        ReplicationNames names = new ReplicationNames("bench-alone");
        Db db = TestPostgres.newDatabase();
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, status text, amount numeric(10,2))");
        try (Connection c = db.connect()) {
            new SchemaBootstrap(names, TABLES).run(c);
        }
        for (int t = 0; t < BACKLOG_TRANSACTIONS; t++) {
            int from = t * ROWS_PER_TRANSACTION + 1;
            db.execute("INSERT INTO public.orders SELECT g, 'new', 9.99 FROM generate_series(" + from + ", "
                    + (from + ROWS_PER_TRANSACTION - 1) + ") g");
        }
        int backlog = BACKLOG_TRANSACTIONS * ROWS_PER_TRANSACTION;
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        io.tandem.replicator.capture.ChangeSink counting = transactions ->
                transactions.forEach(t -> received.addAndGet(t.events().size()));
        try (io.tandem.replicator.capture.Capture capture = new io.tandem.replicator.capture.Capture(
                CaptureSettings.of(names, "localhost", db.port(), db.name(), "postgres", null, TABLES),
                counting,
                new io.tandem.replicator.metrics.ReplicationMetrics(new SimpleMeterRegistry(), "bench-alone"))) {
            capture.start();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> received.get() >= 1);
            long first = System.nanoTime();
            long before = received.get();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> received.get() >= backlog);
            double seconds = (System.nanoTime() - first) / 1e9;
            System.out.printf(
                    "bench=capture-alone backlog_events=%d events_per_s=%.0f%n", backlog, (backlog - before) / seconds);
        } finally {
            db.dropSlots();
        }
    }

    private static double shipped(SimpleMeterRegistry registry) {
        var counter = registry.find("tandem.ship.events").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Write → acknowledged-by-Kafka times, as the writer sees them. */
    private static final class CaptureLatency {
        private final java.util.List<Long> nanos = new java.util.ArrayList<>();

        void add(long n) {
            nanos.add(n);
        }

        double percentile(double p) {
            List<Long> sorted = nanos.stream().sorted().toList();
            int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
            return sorted.get(Math.max(index, 0)) / 1e6;
        }
    }
}
