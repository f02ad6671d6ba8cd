package io.tandem.replicator.capture;

import java.util.List;

/**
 * Where capture hands whole source transactions. Capture commits its position in the source
 * database only after {@link #ship} returned, so a sink must return only once the transactions are
 * durable downstream (for Kafka: acknowledged with acks=all).
 */
@FunctionalInterface
public interface ChangeSink {
    /**
     * Ships the transactions in order. On failure it throws; capture then stops without committing
     * its position, so the same transactions are delivered again after a restart.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    void ship(List<CapturedTransaction> transactions) throws InterruptedException;
}
