package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static io.tandem.replicator.apply.Events.tx;
import static io.tandem.replicator.apply.Events.upsert;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.kafka.KafkaSettings;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.ship.TopicSetup;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The applier against a real (in-process KRaft) Kafka broker and a real PostgreSQL: transactional
 * producer records, aborted transactions, a poison record, an abrupt stop and a restart.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real Kafka and PostgreSQL")
class KafkaApplyTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long T = 1_764_000_000_000L;
    private static KafkaBroker kafka;
    private static TestDatabase db;
    private final ChangeEventCodec codec = new ChangeEventCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private KafkaProducer<byte[], byte[]> producer;
    private SourceApplier applier;
    private String source;
    private static int sources;

    @BeforeAll
    static void startServers() {
        kafka = KafkaBroker.start(KafkaSettings.of("us-east"));
        db = new TestDatabase();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void freshTopicAndTable() throws Exception {
        source = "src" + (++sources); // a fresh topic per test
        db.execute("DROP TABLE IF EXISTS public.orders; TRUNCATE tandem.tombstones, tandem.dead_letter,"
                + " tandem.apply_position, tandem.conflict_log;"
                + " CREATE TABLE public.orders (id bigint PRIMARY KEY, status text, qty int)");
        db.instrument("public.orders");
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            TopicSetup.ensure(admin, Topics.changes(source));
        }
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + source);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(config);
        producer.initTransactions();
    }

    @AfterEach
    void close() {
        if (applier != null) {
            applier.close();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private SourceApplier startApplier() {
        return startApplier(100);
    }

    private SourceApplier startApplier(int maxBatchRecords) {
        ApplierSettings settings = new ApplierSettings(
                source,
                Feeder.tables("lww", "public.orders"),
                Duration.ofMillis(50),
                maxBatchRecords,
                3,
                Duration.ofMillis(50),
                Duration.ofSeconds(1));
        SourceApplier started = new SourceApplier(
                settings,
                db.dataSource(),
                () -> new KafkaRecordSource(kafka.bootstrapServers(), source, settings.maxBatchRecords(), Map.of()),
                new LibraryResolver(settings.tables().values(), Clock.systemUTC()),
                registry,
                Clock.systemUTC());
        started.start();
        return started;
    }

    private ChangeEvent order(long id, String status, long counter, String txId, int index, boolean last) {
        return upsert(
                source,
                "public.orders",
                id,
                Map.of("status", status, "qty", 1),
                "{\"" + source + "\":" + counter + "}",
                hlc(T, (int) counter),
                tx(txId, index, last));
    }

    /** Sends the payloads in one Kafka transaction, committed or aborted. */
    private void send(boolean commit, List<byte[]> payloads) {
        producer.beginTransaction();
        for (byte[] payload : payloads) {
            producer.send(new ProducerRecord<>(Topics.changes(source), Topics.PARTITION, null, payload));
        }
        producer.flush(); // an aborted transaction's records are in the log too
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private long storedNextOffset() {
        String next = db.one("SELECT next_offset FROM tandem.apply_position WHERE source_region = '" + source + "'");
        return next == null ? -1 : Long.parseLong(next);
    }

    @Test
    void appliesCommittedRecordsIgnoresAbortedOnesAndDeadLettersPoison() {
        applier = startApplier();
        send(
                true,
                List.of(codec.encode(order(1, "a", 1, "1", 0, false)), codec.encode(order(2, "b", 2, "1", 1, true))));
        send(false, List.of(codec.encode(order(3, "aborted", 3, "2", 0, true))));
        send(true, List.of("not json".getBytes(StandardCharsets.UTF_8), codec.encode(order(4, "d", 4, "3", 0, true))));

        await().atMost(DEADLINE).until(() -> db.count("SELECT count(*) FROM public.orders WHERE id = 4") == 1);
        assertEquals(
                List.of(List.of("1"), List.of("2"), List.of("4")), db.rows("SELECT id FROM public.orders ORDER BY id"));
        assertEquals(
                1, db.count("SELECT count(*) FROM tandem.dead_letter WHERE topic = 'tandem." + source + ".changes'"));
        assertEquals(ApplierState.RUNNING, applier.state());
        await().atMost(DEADLINE)
                .until(() -> registry.find("tandem.apply.lag.events")
                                .tag("source_region", source)
                                .gauge()
                                .value()
                        == 0.0);
        // the position is just after the last record, which follows the poison one
        long poison = Long.parseLong(db.one("SELECT kafka_offset FROM tandem.dead_letter"));
        assertEquals(poison + 2, storedNextOffset());
    }

    @Test
    void anAbruptStopResumesExactlyAtTheStoredPosition() {
        applier = startApplier();
        send(true, List.of(codec.encode(order(1, "v1", 1, "1", 0, true))));
        await().atMost(DEADLINE).until(() -> db.count("SELECT count(*) FROM public.orders") == 1);
        long started = System.nanoTime();
        applier.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000, "close must be prompt");
        long position = storedNextOffset();

        send(
                true,
                List.of(codec.encode(order(1, "v2", 2, "2", 0, true)), codec.encode(order(2, "new", 3, "3", 0, true))));
        applier = startApplier();
        await().atMost(DEADLINE).until(() -> db.count("SELECT count(*) FROM public.orders") == 2);
        assertEquals("v2", db.one("SELECT status FROM public.orders WHERE id = 1"));
        assertTrue(storedNextOffset() > position);
        assertEquals(
                3.0,
                registry.find("tandem.apply.applied")
                        .tag("source_region", source)
                        .counter()
                        .count(),
                "each change applied once across the restart");
        assertEquals(
                0.0,
                registry.find("tandem.apply.skipped")
                                        .tag("source_region", source)
                                        .counter()
                                == null
                        ? 0.0
                        : registry.find("tandem.apply.skipped")
                                .tag("source_region", source)
                                .counter()
                                .count());
    }

    /**
     * Kafka to PostgreSQL throughput of one applier: N upserts in 10-event source transactions, already
     * in the topic, applied from offset 0. Prints one {@code kafka-apply-throughput} line; bigger runs:
     * {@code -Dtest=KafkaApplyTest#drainsABacklog -Dtandem.bench.kafkaEvents=100000}.
     */
    @Test
    void drainsABacklog() {
        int events = Integer.getInteger("tandem.bench.kafkaEvents", 5_000);
        for (int from = 0; from < events; from += 1_000) {
            List<byte[]> payloads = new java.util.ArrayList<>();
            for (int i = from; i < Math.min(events, from + 1_000); i++) {
                payloads.add(codec.encode(
                        order(i, "placed", i + 1, String.valueOf(i / 10), i % 10, i % 10 == 9 || i == events - 1)));
            }
            send(true, payloads);
        }
        long started = System.nanoTime();
        applier = startApplier(2_000);
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> db.count("SELECT count(*) FROM public.orders") == events);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "kafka-apply-throughput events=%d seconds=%.2f rows_per_s=%.0f%n", events, seconds, events / seconds);
        assertEquals(ApplierState.RUNNING, applier.state());
    }
}
