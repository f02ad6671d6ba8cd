package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static io.tandem.replicator.apply.Events.single;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.kafka.KafkaSettings;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.ship.TopicSetup;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Forged events on a region's topic — another source region, another origin, a version vector that
 * does not advance the topic region's entry — against a real Kafka broker and PostgreSQL: none
 * overwrites the row, each is dead-lettered naming the forgery, and apply goes on.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real Kafka and PostgreSQL")
class ForgedEventTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long T = 1_764_000_000_000L;
    private static final String SOURCE = "us-east";
    private static KafkaBroker kafka;
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(KafkaSettings.of("forged"));
        db = new TestDatabase();
        db.execute("DROP TABLE IF EXISTS public.orders; TRUNCATE tandem.dead_letter, tandem.apply_position;"
                + " CREATE TABLE public.orders (id bigint PRIMARY KEY, status text, qty int)");
        db.instrument("public.orders");
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            TopicSetup.ensure(admin, Topics.changes(SOURCE));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static ChangeEvent event(String claimedSource, String origin, long id, String status, String vv, int n) {
        return new ChangeEvent(
                claimedSource,
                "public.orders",
                ChangeOp.UPSERT,
                Map.of("id", id),
                Map.of("id", id, "status", status, "qty", 1),
                vv,
                hlc(T + n * 1000L, 0), // each later than the last, so a forgery would win on time
                origin,
                null,
                single(String.valueOf(n)));
    }

    @Test
    void forgedEventsAreDeadLetteredNamingTheForgeryAndApplyContinues() {
        ChangeEventCodec codec = new ChangeEventCodec();
        List<ChangeEvent> events = List.of(
                event(SOURCE, SOURCE, 1, "genuine", "{\"us-east\":1}", 1),
                event("eu-west", "eu-west", 1, "forged-source", "{\"eu-west\":9,\"us-east\":1}", 2),
                event(SOURCE, "eu-west", 1, "forged-origin", "{\"eu-west\":9,\"us-east\":1}", 3),
                event(SOURCE, SOURCE, 1, "forged-vector", "{\"eu-west\":9}", 4),
                event(SOURCE, SOURCE, 1, "forged-zero", "{\"eu-west\": 9, \"us-east\": 0}", 5),
                event(SOURCE, SOURCE, 2, "after", "{\"us-east\":2}", 6));
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (ChangeEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.changes(SOURCE), Topics.PARTITION, null, codec.encode(e)));
            }
            producer.flush();
        }

        ApplierSettings settings = new ApplierSettings(
                SOURCE,
                Feeder.tables("lww", "public.orders"),
                Duration.ofMillis(50),
                100,
                3,
                Duration.ofMillis(50),
                Duration.ofSeconds(1));
        try (SourceApplier applier = new SourceApplier(
                settings,
                db.dataSource(),
                () -> new KafkaRecordSource(kafka.bootstrapServers(), SOURCE, settings.maxBatchRecords(), Map.of()),
                new LibraryResolver(settings.tables().values(), Clock.systemUTC()),
                new SimpleMeterRegistry(),
                Clock.systemUTC())) {
            applier.start();
            await().atMost(DEADLINE).until(() -> db.count("SELECT count(*) FROM public.orders WHERE id = 2") == 1);
            assertEquals(ApplierState.RUNNING, applier.state());
        }
        assertEquals("genuine", db.one("SELECT status FROM public.orders WHERE id = 1"));
        List<List<String>> dead = db.rows("SELECT reason FROM tandem.dead_letter ORDER BY kafka_offset");
        assertEquals(4, dead.size(), dead.toString());
        assertTrue(dead.get(0).get(0).contains("claims source region 'eu-west'"), dead.toString());
        assertTrue(dead.get(1).get(0).contains("origin 'eu-west'"), dead.toString());
        assertTrue(dead.get(2).get(0).contains("does not advance us-east's own entry"), dead.toString());
        assertTrue(dead.get(3).get(0).contains("does not advance us-east's own entry"), dead.toString());
        dead.forEach(row -> assertTrue(row.get(0).startsWith("forged event"), row.toString()));
        assertEquals(4, db.count("SELECT count(*) FROM tandem.dead_letter WHERE payload IS NOT NULL"), "nothing lost");
    }
}
