package io.tandem.chaos.workload;

import java.util.Map;

/**
 * One write the workload saw committed (acknowledged).
 *
 * @param seq order in which acknowledgements were recorded, over all regions
 * @param region where it was written
 * @param table {@code public.orders} or {@code public.carts}
 * @param key the row's id
 * @param op what it did
 * @param group for an owned table, the row's shard group; null otherwise
 * @param epoch for an owned table, the epoch of the group's fence row read in the same transaction
 * @param ownerSeen the owner that fence row named
 * @param stateSeen the state that fence row named (ACTIVE, DRAINING)
 * @param vv the version vector the write left on the row (on its tombstone for a delete)
 * @param value the written values ({@code amount/note} of an order, the cart's label), null for delete and increment
 * @param delta the increment, 0 for other writes
 * @param lsnBefore the WAL insert position read inside the transaction, before commit
 * @param lsnAfter the WAL position read after the commit returned
 * @param ackedAtMillis wall time of the acknowledgement
 */
public record AckedWrite(
        long seq,
        String region,
        String table,
        long key,
        Op op,
        String group,
        long epoch,
        String ownerSeen,
        String stateSeen,
        Map<String, Long> vv,
        String value,
        long delta,
        long lsnBefore,
        long lsnAfter,
        long ackedAtMillis) {

    public AckedWrite {
        vv = Map.copyOf(vv);
    }

    public boolean owned() {
        return group != null;
    }

    @Override
    public String toString() {
        return "#" + seq + " " + region + " " + op + " " + table + " id=" + key
                + (owned()
                        ? " group=" + group + " epoch=" + epoch + " (fence row: " + ownerSeen + " " + stateSeen + ")"
                        : "")
                + (value != null ? " value=" + value : "") + (delta != 0 ? " delta=" + delta : "") + " vv=" + vv;
    }
}
