package io.tandem.replicator.apply;

import java.util.List;

/**
 * The records of one complete source transaction, in offset order, applied atomically. Undecodable
 * records that arrived inside the transaction travel with it and are dead-lettered when it is applied;
 * one that arrived between transactions forms a unit of its own.
 */
public record SourceTransaction(List<SourceRecord> records) {
    public SourceTransaction {
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a source transaction has at least one record");
        }
    }

    public long firstOffset() {
        return records.get(0).offset();
    }

    public long lastOffset() {
        return records.get(records.size() - 1).offset();
    }

    /** Source LSN of the transaction (of its last decodable event), or -1 if it has none. */
    public long lsn() {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (!records.get(i).malformed()) {
                return records.get(i).event().tx().lsn();
            }
        }
        return -1;
    }

    /** Source commit time in ms since the epoch, or -1 if no record could be decoded. */
    public long commitTsMillis() {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (!records.get(i).malformed()) {
                return records.get(i).event().tx().commitTsMillis();
            }
        }
        return -1;
    }
}
