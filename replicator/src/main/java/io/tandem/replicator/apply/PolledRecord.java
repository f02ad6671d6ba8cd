package io.tandem.replicator.apply;

import java.util.Objects;

/**
 * One record as it came from the source region's topic: its offset and raw bytes.
 *
 * @param offset the Kafka offset in partition 0 of {@code tandem.<source>.changes}
 * @param payload the record value, {@code ChangeEventCodec.encode(event)} when well-formed
 */
public record PolledRecord(long offset, byte[] payload) {
    public PolledRecord {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        Objects.requireNonNull(payload, "payload");
    }
}
