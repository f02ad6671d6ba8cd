package io.tandem.embedded.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.ServerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

@DisabledIfSystemProperty(named = "skipITs", matches = "true")
class KafkaBrokerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path base;

    static KafkaBroker kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaBroker.start(KafkaSettings.of("kafka-test").withBaseDir(base));
    }

    @AfterAll
    static void close() {
        kafka.close();
        kafka.close();
        assertFalse(Files.exists(kafka.directory()), "close must delete the broker's directory");
        assertEquals(ServerState.CLOSED, kafka.state());
    }

    @Test
    void listensOnLoopbackOnly() {
        assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
    }

    @Test
    void producesIdempotentlyWithAcksAllAndConsumesBack() throws Exception {
        createTopic("round-trip", 2);
        send("round-trip", List.of("a", "b", "c"));
        assertEquals(List.of("a", "b", "c"), readAll("round-trip", 3));
    }

    @Test
    void createsTopicsAutomatically() throws Exception {
        send("auto-created", List.of("x"));
        assertEquals(List.of("x"), readAll("auto-created", 1));
    }

    @Test
    void restartKeepsRecordsAndPorts() throws Exception {
        createTopic("durable", 1);
        send("durable", List.of("before-restart"));
        String bootstrap = kafka.bootstrapServers();

        kafka.stop();
        assertEquals(ServerState.STOPPED, kafka.state());
        kafka.start();

        assertEquals(bootstrap, kafka.bootstrapServers());
        send("durable", List.of("after-restart"));
        assertEquals(List.of("before-restart", "after-restart"), readAll("durable", 2));
    }

    private static void createTopic(String topic, int partitions) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientConfig()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        }
    }

    private static void send(String topic, List<String> values) throws ExecutionException, InterruptedException {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                // One key: one partition, so the values come back in order.
                producer.send(new ProducerRecord<>(topic, "k", value)).get();
            }
        }
    }

    private static List<String> readAll(String topic, int expected) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(DEADLINE).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
