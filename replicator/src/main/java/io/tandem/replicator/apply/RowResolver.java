package io.tandem.replicator.apply;

import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;

/**
 * Decides, for one key, what an incoming change does to the current version. Implementations must
 * converge (the merge is commutative, associative and idempotent) and be thread-safe; the applier
 * calls them in source order, against the state evolving within a batch.
 */
@FunctionalInterface
public interface RowResolver {
    /**
     * @param table the table's replication spec (policy, counter columns)
     * @param current the key's current version (live row or tombstone), or {@code null} if it has none
     * @param incoming the change from the source region
     */
    Resolution resolve(TableSpec table, StoredVersion current, ChangeEvent incoming);

    /**
     * The highest HLC timestamp the incoming version carries; the applier advances this database's
     * HLC high-water past it, so later local writes are ordered after everything applied here.
     */
    default long observedHlc(ChangeEvent incoming) {
        return incoming.hlc();
    }
}
