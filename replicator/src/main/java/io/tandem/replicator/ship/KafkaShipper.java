package io.tandem.replicator.ship;

import io.tandem.replicator.capture.CapturedTransaction;
import io.tandem.replicator.capture.ChangeSink;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.event.EventFormat;
import io.tandem.replicator.metrics.ReplicationMetrics;
import io.tandem.replicator.schema.ReplicationNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships captured transactions to the region's topic {@code tandem.<region>.changes} with an
 * idempotent producer (acks=all): record key {@link ChangeEvent#partitionKey()}, value
 * {@link ChangeEventCodec#encode}. {@link #ship} returns only when Kafka acknowledged every event of
 * the batch. After a failed batch the producer's state is uncertain: this shipper then refuses
 * further batches; close it and create a new one with the restarted capture. Thread-safe; close is
 * idempotent.
 */
public final class KafkaShipper implements ChangeSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaShipper.class);

    private final String topic;
    private final Producer<String, byte[]> producer;
    private final ReplicationMetrics metrics;
    private final ChangeEventCodec codec = new ChangeEventCodec();
    private final EventFormat format;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    KafkaShipper(String topic, Producer<String, byte[]> producer, ReplicationMetrics metrics, EventFormat format) {
        this.format = format;
        this.topic = topic;
        this.producer = producer;
        this.metrics = metrics;
    }

    /**
     * Creates the topic if missing (1 partition) and the producer.
     *
     * @param bootstrapServers the region's own Kafka cluster
     * @param clientSettings client settings passed through to the admin client and producer
     *     (security: SASL/TLS; timeouts; linger, compression), may be empty; acks=all and
     *     idempotence cannot be overridden
     * @param format the wire format of the shipped events
     */
    public static KafkaShipper start(
            String bootstrapServers,
            ReplicationNames names,
            ReplicationMetrics metrics,
            Map<String, Object> clientSettings,
            EventFormat format)
            throws InterruptedException {
        Map<String, Object> common = new HashMap<>(clientSettings);
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(common)) {
            TopicSetup.ensure(admin, names.topic());
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "tandem-ship-" + names.region());
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        settings.putAll(common);
        // Not overridable: the no-loss and no-duplicate guarantees rest on these.
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaShipper(names.topic(), new KafkaProducer<>(settings), metrics, format);
    }

    public String topic() {
        return topic;
    }

    @Override
    public void ship(List<CapturedTransaction> transactions) throws InterruptedException {
        if (closed.get() || failed.get()) {
            throw new ShipException(
                    "shipper for " + topic + " is " + (closed.get() ? "closed" : "failed after an earlier error")
                            + "; create a new one",
                    true,
                    null);
        }
        List<ChangeEvent> events = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            for (CapturedTransaction transaction : transactions) {
                for (ChangeEvent event : transaction.events()) {
                    events.add(event);
                    acks.add(producer.send(
                            new ProducerRecord<>(topic, event.partitionKey(), codec.encode(event, format))));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw failed(events.size(), e.getCause());
        } catch (KafkaException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms, or on a closed producer.
            throw failed(events.size(), e);
        } catch (InterruptedException e) {
            failed.set(true);
            throw e;
        }
        long now = System.currentTimeMillis();
        Map<String, Integer> perTable = new HashMap<>();
        for (ChangeEvent event : events) {
            perTable.merge(event.table(), 1, Integer::sum);
            metrics.lag(Duration.ofMillis(now - event.tx().commitTsMillis()));
        }
        perTable.forEach(metrics::shipped);
    }

    private ShipException failed(int events, Throwable cause) {
        failed.set(true);
        metrics.shipError();
        boolean retriable = cause instanceof RetriableException;
        log.warn("Kafka did not acknowledge {} event(s) for {}: {}", events, topic, cause.toString());
        return new ShipException(
                "Kafka did not acknowledge " + events + " event(s) for " + topic + " ("
                        + (retriable ? "retriable: restart capture" : "permanent: fix the Kafka configuration first")
                        + "): " + cause,
                retriable,
                cause);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            producer.close(Duration.ofSeconds(10));
            log.debug("shipper for {} closed", topic);
        }
    }
}
