package io.tandem.replicator.event;

/**
 * Where a change came from in its source database's transaction stream.
 *
 * @param id the source transaction id (PostgreSQL xid, as text)
 * @param lsn the commit or event LSN in the source WAL, used for switchover catch-up
 * @param index this event's 0-based position within the transaction
 * @param last whether this is the transaction's final event; an applier applies a transaction only
 *     once it has its last event, so that a source transaction is applied atomically
 * @param commitTsMillis the source commit time (wall clock, ms since epoch), for lag
 */
public record SourceTx(String id, long lsn, int index, boolean last, long commitTsMillis) {
    public SourceTx {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("source transaction id must be non-blank");
        }
        if (lsn < 0) {
            throw new IllegalArgumentException("source lsn must be >= 0, got " + lsn);
        }
        if (index < 0) {
            throw new IllegalArgumentException("event index within transaction must be >= 0, got " + index);
        }
    }
}
