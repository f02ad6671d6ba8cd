package io.tandem.replicator.apply;

import io.tandem.replicator.event.ChangeEvent;
import java.util.Objects;

/**
 * A polled record after decoding: its event, or, for an undecodable record, why it could not be
 * decoded.
 *
 * @param record the raw record
 * @param event the decoded event, or {@code null} when malformed
 * @param malformedReason why decoding failed, or {@code null}
 */
public record SourceRecord(PolledRecord record, ChangeEvent event, String malformedReason) {
    public SourceRecord {
        Objects.requireNonNull(record, "record");
        if ((event == null) == (malformedReason == null)) {
            throw new IllegalArgumentException("a source record has either an event or a malformed reason");
        }
    }

    public boolean malformed() {
        return event == null;
    }

    public long offset() {
        return record.offset();
    }
}
