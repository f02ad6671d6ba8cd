package io.tandem.replicator.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.EventFormat;
import io.tandem.replicator.reconcile.VerifyReport;
import io.tandem.replicator.schema.ReplicationNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A cluster in the middle of a rolling upgrade: eu-west ships JSON ({@code capture.event-format:
 * json}), the others protobuf; every region applies both and the mesh converges.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real PostgreSQL and Kafka")
class MeshMixedEventFormatsTest {
    static final TableSpec ITEMS =
            new TableSpec("public.items", List.of("id"), TableMode.MULTI_WRITER, "lww", Set.of(), Optional.empty());

    static Mesh mesh;

    @BeforeAll
    static void start() throws Exception {
        mesh = Mesh.create(List.of(ITEMS), "CREATE TABLE public.items (id bigint PRIMARY KEY, name text, qty int)");
        mesh.eventFormat("eu-west", EventFormat.JSON);
        mesh.startAll();
    }

    @AfterAll
    static void stop() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void regionsShippingDifferentFormatsConverge() throws Exception {
        for (int r = 0; r < Mesh.REGIONS.size(); r++) {
            String region = Mesh.REGIONS.get(r);
            for (int i = 0; i < 10; i++) {
                long id = (r + 1) * 100L + i;
                mesh.exec(region, "INSERT INTO public.items VALUES (" + id + ", '" + region + "', " + i + ")");
            }
        }
        VerifyReport report = mesh.awaitConsistent(ITEMS, Mesh.DEADLINE);
        assertEquals(Map.of("us-east", 30L, "eu-west", 30L, "ap-south", 30L), report.rowsByRegion());
        assertEquals(Set.of("json"), formatsIn("eu-west"));
        assertEquals(Set.of("protobuf"), formatsIn("us-east"));
    }

    /** The formats of the change records (not heartbeats) in {@code region}'s topic. */
    private static Set<String> formatsIn(String region) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.kafka(region));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Set<String> formats = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(new ReplicationNames(region).topic(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            for (ConsumerRecord<String, byte[]> r : records) {
                if (r.key() != null && r.key().contains("public.items")) {
                    formats.add(r.value()[0] == '{' ? "json" : "protobuf");
                }
            }
        }
        assertFalse(formats.isEmpty(), "change records in " + region + "'s topic");
        return formats;
    }
}
