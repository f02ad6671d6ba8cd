package io.tandem.bench.replication;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * With {@code -Dprogress=true}, after the lag phase: how much of the lag is capture's. For every event
 * of the source topic committed at or after {@code sinceMillis}, the time from the source commit to the
 * moment capture handed the event to the Kafka producer (the record's create time): Debezium's decoding
 * and poll interval plus capture's conversion. The rest of a row's lag is Kafka and apply.
 */
final class CaptureDelay {
    private CaptureDelay() {}

    static String since(String kafka, String topic, long sinceMillis) {
        TopicPartition partition = new TopicPartition(topic, 0);
        ChangeEventCodec codec = new ChangeEventCodec();
        List<Long> delays = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    ChangeEvent event = codec.decode(r.value());
                    if (event.tx().commitTsMillis() >= sinceMillis) {
                        delays.add(r.timestamp() - event.tx().commitTsMillis());
                    }
                }
            }
        }
        if (delays.isEmpty()) {
            return "no events";
        }
        Collections.sort(delays);
        return String.format(
                Locale.ROOT,
                "commit -> handed to the producer p50 %d ms p99 %d ms max %d ms (%d events)",
                delays.get(delays.size() / 2),
                delays.get((int) (delays.size() * 0.99)),
                delays.get(delays.size() - 1),
                delays.size());
    }
}
