package io.tandem.replicator.capture;

import io.tandem.replicator.config.TableSpec;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Debezium engine and PostgreSQL connector configuration capture runs with. Public so that the
 * replication benchmark can run the same engine alone (no Tandem handler, no Kafka) and measure the
 * throughput ceiling the single connector thread sets.
 */
public final class DebeziumProperties {
    private DebeziumProperties() {}

    /** The engine properties of {@link Capture} for these settings. */
    public static Properties of(CaptureSettings settings) {
        String slot = settings.names().slot();
        Properties p = new Properties();
        p.setProperty("name", "tandem-capture-" + settings.names().region());
        p.setProperty("connector.class", TandemPostgresConnector.class.getName());
        p.setProperty("topic.prefix", topicPrefix(settings));

        // Durable offsets of what Kafka acknowledged, committed every offsetCommitInterval (0: every batch).
        p.setProperty("offset.storage", JdbcOffsetStore.class.getName());
        p.setProperty(
                "offset.flush.interval.ms",
                Long.toString(settings.offsetCommitInterval().toMillis()));
        p.setProperty("offset.flush.timeout.ms", "10000");
        p.setProperty(JdbcOffsetStore.URL, settings.jdbcUrl());
        p.setProperty(JdbcOffsetStore.USER, settings.user());
        if (settings.password() != null) {
            p.setProperty(JdbcOffsetStore.PASSWORD, settings.password());
        }
        p.setProperty(JdbcOffsetStore.ID, slot);

        p.setProperty("database.hostname", settings.host());
        p.setProperty("database.port", Integer.toString(settings.port()));
        p.setProperty("database.dbname", settings.database());
        p.setProperty("database.user", settings.user());
        if (settings.password() != null) {
            p.setProperty("database.password", settings.password());
        }
        settings.tls().debeziumProperties().forEach(p::setProperty);

        // The slot and publication are created by the schema bootstrap (tandem init).
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", settings.names().publication());
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty(
                "table.include.list",
                Stream.concat(
                                settings.tables().stream().map(TableSpec::name),
                                Stream.of(EventConverter.TOMBSTONES, EventConverter.HEARTBEAT))
                        .map(name -> name.replace(".", "\\."))
                        .collect(Collectors.joining(",")));

        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("poll.interval.ms", Long.toString(settings.pollInterval().toMillis()));
        p.setProperty("max.batch.size", Integer.toString(settings.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(settings.maxBatchSize() * 4));
        p.setProperty("heartbeat.interval.ms", "10000");

        // Values the applier can CAST from their text form.
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("interval.handling.mode", "string");
        p.setProperty("hstore.handling.mode", "json");
        p.setProperty("include.unknown.datatypes", "false");
        return p;
    }

    static String topicPrefix(CaptureSettings settings) {
        return settings.names().publication();
    }
}
