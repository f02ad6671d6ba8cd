package io.tandem.embedded.cluster;

import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.postgres.PostgresServer;

/**
 * The servers of one region: its PostgreSQL and its Kafka broker. Closing the region closes both
 * (idempotent, as each server's close is).
 */
public record Region(String name, PostgresServer postgres, KafkaBroker kafka) implements AutoCloseable {

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
