package io.tandem.replicator.capture;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.event.SourceTx;
import java.util.Map;

/**
 * A captured change that will be shipped, before its place in the transaction ({@code index},
 * {@code last}) is known.
 */
public record CapturedChange(
        String sourceRegion,
        String table,
        ChangeOp op,
        Map<String, Object> key,
        Map<String, Object> row,
        String versionVector,
        long hlc,
        String origin,
        String meta,
        String txId,
        long lsn,
        long commitTsMillis) {

    /** The event as shipped, at position {@code index} of its transaction. */
    public ChangeEvent toEvent(int index, boolean last) {
        return new ChangeEvent(
                sourceRegion,
                table,
                op,
                key,
                row,
                versionVector,
                hlc,
                origin,
                meta,
                new SourceTx(txId, lsn, index, last, commitTsMillis));
    }
}
