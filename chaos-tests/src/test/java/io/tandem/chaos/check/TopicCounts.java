package io.tandem.chaos.check;

import io.tandem.replicator.apply.Topics;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.event.MalformedChangeEventException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Counts the row-change records in a region's topic, heartbeats left out: what the region shipped. */
public final class TopicCounts {
    private TopicCounts() {}

    public static long rowChanges(String bootstrap, String region) {
        TopicPartition tp = new TopicPartition(Topics.changes(region), Topics.PARTITION);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        props.put("max.poll.records", "5000");
        ChangeEventCodec codec = new ChangeEventCodec();
        long rows = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (!codec.decode(r.value()).table().startsWith("tandem.")) {
                            rows++;
                        }
                    } catch (MalformedChangeEventException e) {
                        // not a row change (a transaction marker or a test's poison record)
                    }
                }
            }
            if (consumer.position(tp) < end) {
                throw new IllegalStateException("could not read " + tp + " to its end offset " + end + " within 30 s");
            }
        }
        return rows;
    }
}
