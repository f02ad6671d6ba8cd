package io.tandem.replicator.apply;

import java.time.Duration;
import java.util.List;

/**
 * Where an applier reads a source region's records: partition 0 of {@code tandem.<source>.changes}.
 * The production implementation is {@link KafkaRecordSource}. Used by one thread, except {@link
 * #wakeup()}, which any thread may call to end a blocked poll.
 */
public interface RecordSource extends AutoCloseable {
    /** Positions the next poll at this offset. */
    void seek(long offset);

    /**
     * Returns the next records in offset order, or an empty list when none arrived within the timeout
     * or {@link #wakeup()} was called.
     *
     * @throws SourceGapException when the position is no longer in the topic (records were lost)
     */
    List<PolledRecord> poll(Duration timeout);

    /**
     * Records in the topic after the last polled one, when the source knows (Kafka: from the last
     * fetch's end offset).
     */
    default java.util.OptionalLong lag() {
        return java.util.OptionalLong.empty();
    }

    /** Makes a blocked or the next {@link #poll(Duration)} return promptly. Thread-safe. */
    void wakeup();

    /** Releases the source. Idempotent. */
    @Override
    void close();
}
