package io.tandem.replicator.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.kafka.KafkaSettings;
import io.tandem.replicator.capture.Capture;
import io.tandem.replicator.capture.CaptureSettings;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.tandem.replicator.testing.TestPostgres;
import io.tandem.replicator.testing.TestPostgres.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real PostgreSQL and Kafka")
class CapturePipelineTest {
    private static final AtomicInteger REGIONS = new AtomicInteger();
    private static final List<TableSpec> TABLES =
            List.of(new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, null, null, null));
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Short client timeouts so an unreachable broker fails a batch within seconds. */
    private static final Map<String, Object> FAST_FAILING = Map.of(
            "delivery.timeout.ms",
            4000,
            "request.timeout.ms",
            1500,
            "max.block.ms",
            4000,
            "default.api.timeout.ms",
            4000);

    private static KafkaBroker kafka;
    /** A region (so a topic and slot) of its own for each test. */
    private final ReplicationNames region = new ReplicationNames("ship-" + REGIONS.incrementAndGet());

    private Db db;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<CapturePipeline> pipelines = new ArrayList<>();
    private final ChangeEventCodec codec = new ChangeEventCodec();

    @BeforeAll
    static void startKafka() {
        kafka = KafkaBroker.start(KafkaSettings.of("capture-test"));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void bootstrap() throws SQLException {
        db = TestPostgres.newDatabase();
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, status text)");
        try (Connection c = db.connect()) {
            new SchemaBootstrap(region, TABLES).run(c);
        }
    }

    @AfterEach
    void stop() throws SQLException {
        pipelines.forEach(CapturePipeline::close);
        db.dropSlots();
    }

    private CapturePipeline pipeline() throws InterruptedException {
        CaptureSettings settings =
                CaptureSettings.of(region, "localhost", db.port(), db.name(), "postgres", null, TABLES);
        CapturePipeline pipeline = CapturePipeline.start(settings, kafka.bootstrapServers(), FAST_FAILING, registry);
        pipelines.add(pipeline);
        return pipeline;
    }

    private List<ConsumerRecord<String, byte[]>> readAll(int atLeast) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"))) {
            TopicPartition partition = new TopicPartition(region.topic(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(DEADLINE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= atLeast;
            });
        }
        return records;
    }

    @Test
    void localTransactionsArriveOnTheRegionTopicInOrderKeyedByRow() throws Exception {
        pipeline();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO public.orders VALUES (1, 'new'), (2, 'new'), (3, 'new')");
            }
            c.commit();
        }
        db.execute("DELETE FROM public.orders WHERE id = 2");

        List<ConsumerRecord<String, byte[]>> records = readAll(4);

        assertEquals(4, records.size());
        List<ChangeEvent> events =
                records.stream().map(r -> codec.decode(r.value())).toList();
        assertEquals(
                List.of(1L, 2L, 3L, 2L),
                events.stream()
                        .map(e -> ((Number) e.key().get("id")).longValue())
                        .toList());
        assertEquals(
                List.of(false, false, true, true),
                events.stream().map(e -> e.tx().last()).toList());
        assertEquals(ChangeOp.DELETE, events.get(3).op());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(events.get(i).partitionKey(), records.get(i).key());
        }
        assertEquals(4.0, registry.get("tandem.ship.events").counter().count());
        assertTrue(registry.get("tandem.capture.lag").timer().count() >= 4);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertEquals(
                    1,
                    admin.describeTopics(List.of(region.topic()))
                            .allTopicNames()
                            .get()
                            .get(region.topic())
                            .partitions()
                            .size());
        }
    }

    @Test
    void whenKafkaIsDownCaptureStopsWithoutCommittingAndARestartSendsTheRest() throws Exception {
        CapturePipeline first = pipeline();
        db.execute("INSERT INTO public.orders VALUES (1, 'before')");
        readAll(1);

        kafka.stop();
        try {
            db.execute("INSERT INTO public.orders VALUES (2, 'during')");
            await().atMost(DEADLINE).until(() -> first.state() == Capture.State.FAILED);
            assertTrue(
                    causes(first.failure().orElseThrow()).stream().anyMatch(ShipException.class::isInstance),
                    first.failure().toString());
            assertTrue(registry.get("tandem.ship.errors").counter().count() >= 1);
        } finally {
            kafka.start();
        }
        first.close();

        pipeline();
        db.execute("INSERT INTO public.orders VALUES (3, 'after')");

        List<ChangeEvent> events =
                readAll(3).stream().map(r -> codec.decode(r.value())).toList();
        assertEquals(
                List.of(1L, 2L, 3L),
                events.stream()
                        .map(e -> ((Number) e.key().get("id")).longValue())
                        .toList(),
                "nothing lost, nothing sent twice");
    }

    @Test
    void theSupervisorRidesOutAKafkaOutage() throws Exception {
        CaptureSettings settings =
                CaptureSettings.of(region, "localhost", db.port(), db.name(), "postgres", null, TABLES);
        try (CaptureSupervisor supervisor = new CaptureSupervisor(
                region.region(),
                () -> CapturePipeline.start(settings, kafka.bootstrapServers(), FAST_FAILING, registry),
                Duration.ofMillis(100),
                Duration.ofSeconds(1))) {
            supervisor.start();
            db.execute("INSERT INTO public.orders VALUES (1, 'before')");
            readAll(1);

            kafka.stop();
            try {
                db.execute("INSERT INTO public.orders VALUES (2, 'during')");
                await().atMost(DEADLINE).until(() -> supervisor.restarts() >= 1);
            } finally {
                kafka.start();
            }
            db.execute("INSERT INTO public.orders VALUES (3, 'after')");

            List<ChangeEvent> events =
                    readAll(3).stream().map(r -> codec.decode(r.value())).toList();
            assertEquals(
                    List.of(1L, 2L, 3L),
                    events.stream()
                            .map(e -> ((Number) e.key().get("id")).longValue())
                            .toList());
            assertEquals(CaptureSupervisor.State.RUNNING, supervisor.state());
        }
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && chain.size() < 20; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
