package io.tandem.replicator.capture;

import io.debezium.connector.postgresql.PostgresConnector;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's PostgreSQL connector with {@link TandemPostgresConnectorTask} as its task: the same
 * connector, configuration and offsets, minus a per-event cost of the stock task's metrics.
 */
public final class TandemPostgresConnector extends PostgresConnector {
    @Override
    public Class<? extends Task> taskClass() {
        return TandemPostgresConnectorTask.class;
    }
}
