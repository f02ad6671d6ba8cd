package io.tandem.replicator.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads partition 0 of {@code tandem.<source>.changes} with a {@link KafkaConsumer} under manual
 * assignment: no consumer group, no offset commits ({@code enable.auto.commit=false}); the position
 * lives in the target database. {@code isolation.level=read_committed} hides aborted producer
 * transactions, and {@code auto.offset.reset=none} turns a position that fell out of the topic into
 * a {@link SourceGapException} instead of a silent jump.
 */
public final class KafkaRecordSource implements RecordSource {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param bootstrapServers the source region's Kafka cluster
     * @param sourceRegion the region whose topic to read
     * @param maxPollRecords upper bound of records per poll (and so per batch)
     * @param extra further consumer settings (security: SASL/TLS), applied last
     */
    public KafkaRecordSource(
            String bootstrapServers, String sourceRegion, int maxPollRecords, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-apply-" + sourceRegion);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putAll(extra);
        this.consumer = new KafkaConsumer<>(props);
        this.partition = new TopicPartition(Topics.changes(sourceRegion), Topics.PARTITION);
        consumer.assign(List.of(partition));
    }

    @Override
    public void seek(long offset) {
        consumer.seek(partition, offset);
    }

    @Override
    public List<PolledRecord> poll(Duration timeout) {
        try {
            List<PolledRecord> records = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout).records(partition)) {
                // a tombstone (null value) is not a Tandem event: keep it as an empty payload, dead-lettered
                records.add(new PolledRecord(record.offset(), record.value() == null ? new byte[0] : record.value()));
            }
            return records;
        } catch (WakeupException e) {
            return List.of();
        } catch (OffsetOutOfRangeException e) {
            throw new SourceGapException(
                    "apply position " + e.offsetOutOfRangePartitions() + " is no longer in topic " + partition.topic()
                            + ": changes were deleted before they were applied; run `tandem verify` against the"
                            + " source region, repair, then reset the position in tandem.apply_position",
                    e);
        }
    }

    @Override
    public java.util.OptionalLong lag() {
        return consumer.currentLag(partition);
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    /** Closes the consumer. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
