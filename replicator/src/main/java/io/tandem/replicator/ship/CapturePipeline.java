package io.tandem.replicator.ship;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.replicator.capture.Capture;
import io.tandem.replicator.capture.CaptureSettings;
import io.tandem.replicator.event.EventFormat;
import io.tandem.replicator.metrics.ReplicationMetrics;
import java.util.Map;
import java.util.Optional;

/**
 * One region's capture wired to its Kafka shipper: local changes from PostgreSQL to
 * {@code tandem.<region>.changes}, the capture position committed only after Kafka acknowledged.
 * When {@link #state()} is FAILED (e.g. Kafka unreachable), close this pipeline and start a new one:
 * it resumes from the last committed position. {@link #close()} is idempotent.
 */
public final class CapturePipeline implements AutoCloseable {
    private final KafkaShipper shipper;
    private final Capture capture;

    private CapturePipeline(KafkaShipper shipper, Capture capture) {
        this.shipper = shipper;
        this.capture = capture;
    }

    /**
     * Creates the topic if missing, then starts capture. The database must have been bootstrapped
     * ({@code SchemaBootstrap}) for the same region and tables.
     */
    public static CapturePipeline start(
            CaptureSettings settings,
            String bootstrapServers,
            Map<String, Object> kafkaClientSettings,
            MeterRegistry registry)
            throws InterruptedException {
        return start(settings, bootstrapServers, kafkaClientSettings, registry, EventFormat.PROTOBUF);
    }

    /** {@link #start(CaptureSettings, String, Map, MeterRegistry)} shipping events in {@code format}. */
    public static CapturePipeline start(
            CaptureSettings settings,
            String bootstrapServers,
            Map<String, Object> kafkaClientSettings,
            MeterRegistry registry,
            EventFormat format)
            throws InterruptedException {
        ReplicationMetrics metrics =
                new ReplicationMetrics(registry, settings.names().region());
        KafkaShipper shipper =
                KafkaShipper.start(bootstrapServers, settings.names(), metrics, kafkaClientSettings, format);
        try {
            Capture capture = new Capture(settings, shipper, metrics);
            capture.start();
            return new CapturePipeline(shipper, capture);
        } catch (RuntimeException e) {
            shipper.close();
            throw e;
        }
    }

    public Capture.State state() {
        return capture.state();
    }

    /** Whether this pipeline's capture resumed past a gap (its slot was ahead of the committed position). */
    public boolean gapDetected() {
        return capture.gapDetected();
    }

    public Optional<Throwable> failure() {
        return capture.failure();
    }

    public String topic() {
        return shipper.topic();
    }

    @Override
    public void close() {
        try {
            capture.close();
        } finally {
            shipper.close();
        }
    }
}
