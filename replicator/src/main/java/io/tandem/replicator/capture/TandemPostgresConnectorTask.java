package io.tandem.replicator.capture;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import io.debezium.pipeline.metrics.PipelineMetrics;
import io.debezium.pipeline.source.spi.EventMetadataProvider;
import io.debezium.pipeline.spi.OffsetContext;
import io.debezium.pipeline.txmetadata.TransactionInfo;
import io.debezium.spi.schema.DataCollectionId;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's PostgreSQL task with a cheap streaming "last event" metric.
 *
 * <p>Debezium 3.6's common event meter renders every dispatched event into a summary string for the
 * JMX {@code LastEvent} attribute, and renders the event's key through {@code SchemaUtil}, which
 * builds a new Jackson {@code ObjectMapper} per event: about a fifth of the connector thread's CPU
 * when draining a backlog. No setting turns it off (Debezium 3.7 makes it cheap, but its PostgreSQL
 * connector does not resolve here). After the stock task started, this task swaps the meter's
 * metadata provider for one whose summary is the table name only; every other metric and the
 * events themselves are unchanged. If Debezium's internals differ (another version), the swap is
 * skipped with a warning and capture runs as before.
 */
public final class TandemPostgresConnectorTask extends PostgresConnectorTask {
    private static final Logger log = LoggerFactory.getLogger(TandemPostgresConnectorTask.class);

    @Override
    public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(Configuration config) {
        ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> coordinator = super.start(config);
        cheapenLastEventSummary(coordinator);
        return coordinator;
    }

    static void cheapenLastEventSummary(ChangeEventSourceCoordinator<?, ?> coordinator) {
        try {
            Object metrics = field(ChangeEventSourceCoordinator.class, "streamingMetrics")
                    .get(coordinator);
            if (!(metrics instanceof PipelineMetrics)) {
                log.warn("capture: Debezium's streaming metrics are {}, not swapping the last-event summary", metrics);
                return;
            }
            Object meter = field(PipelineMetrics.class, "commonEventMeter").get(metrics);
            Field providerField = field(meter.getClass(), "metadataProvider");
            EventMetadataProvider provider = (EventMetadataProvider) providerField.get(meter);
            if (!(provider instanceof TableOnlySummary)) {
                providerField.set(meter, new TableOnlySummary(provider));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn(
                    "capture: could not make Debezium's per-event last-event summary cheap ({}); capture runs unchanged",
                    e.toString());
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** Delegates everything but the summary, which names the table only. */
    private record TableOnlySummary(EventMetadataProvider delegate) implements EventMetadataProvider {
        @Override
        public Instant getEventTimestamp(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return delegate.getEventTimestamp(source, offset, key, value);
        }

        @Override
        public Map<String, String> getEventSourcePosition(
                DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return delegate.getEventSourcePosition(source, offset, key, value);
        }

        @Override
        public String getTransactionId(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return delegate.getTransactionId(source, offset, key, value);
        }

        @Override
        public TransactionInfo getTransactionInfo(
                DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return delegate.getTransactionInfo(source, offset, key, value);
        }

        @Override
        public String toSummaryString(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return source == null ? null : source.identifier();
        }
    }
}
