package io.tandem.replicator.apply;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.event.MalformedChangeEventException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups polled records into complete source transactions. A trailing transaction whose {@code last}
 * event has not arrived yet is held until it does. An event of a different transaction arriving while
 * one is open closes the open one with a warning (its last event was lost at the source), so apply
 * never stalls forever. Not thread-safe: one per consumer.
 */
public final class TransactionAssembler {
    private static final Logger log = LoggerFactory.getLogger(TransactionAssembler.class);

    private final ChangeEventCodec codec;
    private final String sourceRegion;
    private final List<SourceRecord> open = new ArrayList<>();
    private String openTxId;

    public TransactionAssembler(ChangeEventCodec codec, String sourceRegion) {
        this.codec = codec;
        this.sourceRegion = sourceRegion;
    }

    /** Adds records in offset order and returns the transactions they completed. */
    public List<SourceTransaction> add(List<PolledRecord> records) {
        List<SourceTransaction> complete = new ArrayList<>();
        for (PolledRecord record : records) {
            SourceRecord decoded = decode(record);
            if (decoded.malformed()) {
                if (openTxId == null) {
                    complete.add(new SourceTransaction(List.of(decoded)));
                } else {
                    open.add(decoded);
                }
                continue;
            }
            ChangeEvent event = decoded.event();
            if (openTxId != null && !openTxId.equals(event.tx().id())) {
                log.warn(
                        "source {}: transaction {} ended without its last event (offset {} starts transaction {});"
                                + " applying the {} events received",
                        sourceRegion,
                        openTxId,
                        record.offset(),
                        event.tx().id(),
                        open.size());
                complete.add(closeOpen());
            }
            open.add(decoded);
            openTxId = event.tx().id();
            if (event.tx().last()) {
                complete.add(closeOpen());
            }
        }
        return complete;
    }

    /** Offset of the first record of the held incomplete transaction, or -1 if none is held. */
    public long heldFromOffset() {
        return open.isEmpty() ? -1 : open.get(0).offset();
    }

    public int heldCount() {
        return open.size();
    }

    /** Forgets the held records (after a restart from the stored position they are polled again). */
    public void reset() {
        open.clear();
        openTxId = null;
    }

    private SourceTransaction closeOpen() {
        SourceTransaction tx = new SourceTransaction(open);
        open.clear();
        openTxId = null;
        return tx;
    }

    private SourceRecord decode(PolledRecord record) {
        try {
            ChangeEvent event = codec.decode(record.payload());
            return ForgedEvents.whyForged(event, sourceRegion)
                    .map(forged -> new SourceRecord(record, null, forged))
                    .orElseGet(() -> new SourceRecord(record, event, null));
        } catch (MalformedChangeEventException e) {
            return new SourceRecord(record, null, e.getMessage());
        }
    }
}
