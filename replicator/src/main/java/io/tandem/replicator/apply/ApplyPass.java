package io.tandem.replicator.apply;

import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies routable events in one pass: reads the current versions of all their keys (one query per
 * table for live rows and one for tombstones), resolves each event in order against the evolving
 * state, then writes each key's final version with batched statements and logs the conflicts.
 */
final class ApplyPass {
    /** An event ready to apply, with its table's spec and shape. */
    record Routed(ChangeEvent event, TableSpec spec, TableShape shape) {}

    private final String sourceRegion;
    private final RowResolver resolver;
    private final RowWriter writer;
    private final TableCatalog catalog;

    ApplyPass(String sourceRegion, RowResolver resolver, RowWriter writer, TableCatalog catalog) {
        this.sourceRegion = sourceRegion;
        this.resolver = resolver;
        this.writer = writer;
        this.catalog = catalog;
    }

    /** Moves this database's HLC high-water past {@code max}, the greatest HLC the batch's versions carry. */
    private static void observe(Connection connection, long max) throws SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT tandem.hlc_observe(?)")) {
            statement.setLong(1, max);
            statement.executeQuery().close();
        }
    }

    void run(Connection connection, List<Routed> events, Tally tally) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Set<RowKey>> keysByTable = new LinkedHashMap<>();
        Map<String, TableShape> shapes = new LinkedHashMap<>();
        List<RowKey> keys = new ArrayList<>(events.size());
        for (Routed routed : events) {
            RowKey key = RowKey.of(routed.event(), routed.shape().primaryKey());
            keys.add(key);
            keysByTable
                    .computeIfAbsent(routed.shape().name(), t -> new LinkedHashSet<>())
                    .add(key);
            shapes.putIfAbsent(routed.shape().name(), routed.shape());
        }
        KeyLocks.lock(connection, keys);
        Map<RowKey, StoredVersion> before = new LinkedHashMap<>();
        for (Map.Entry<String, Set<RowKey>> table : keysByTable.entrySet()) {
            before.putAll(CurrentVersionReader.read(connection, shapes.get(table.getKey()), table.getValue()));
        }
        Map<RowKey, StoredVersion> current = new LinkedHashMap<>(before);
        Map<RowKey, RowWrite> writes = new LinkedHashMap<>();
        List<ConflictLog.Entry> conflicts = new ArrayList<>();
        long maxHlc = 0;
        for (int i = 0; i < events.size(); i++) {
            Routed routed = events.get(i);
            RowKey key = keys.get(i);
            ChangeEvent event = routed.event();
            StoredVersion local = current.get(key);
            Resolution resolution = resolver.resolve(routed.spec(), local, event);
            // right after resolve, which has just read the event's metadata (see LibraryResolver)
            maxHlc = Math.max(maxHlc, resolver.observedHlc(event));
            resolution.conflict().ifPresent(conflict -> {
                conflicts.add(new ConflictLog.Entry(
                        event.table(),
                        VersionJson.key(event.key()),
                        VersionJson.of(local),
                        VersionJson.of(event),
                        conflict));
                tally.conflict(event.table(), conflict.policy());
            });
            if (resolution.outcome().writes()) {
                current.put(key, resolution.result());
                StoredVersion original = before.get(key);
                writes.remove(key);
                writes.put(
                        key,
                        new RowWrite(
                                key,
                                routed.shape(),
                                resolution.result(),
                                original != null && original.tombstone(),
                                original == null || original.tombstone() ? null : original.versionVector()));
                tally.applied(event.table());
            } else {
                tally.skipped(event.table());
            }
        }
        writer.write(connection, writes.values(), sourceRegion, catalog.parents(connection));
        ConflictLog.append(connection, conflicts, sourceRegion);
        observe(connection, maxHlc);
    }
}
