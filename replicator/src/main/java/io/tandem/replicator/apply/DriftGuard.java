package io.tandem.replicator.apply;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.event.MalformedChangeEventException;
import io.tandem.replicator.metrics.ApplyMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pauses the apply of tables whose schema drifted from the events (a missing column, an incompatible
 * type): their changes are parked in {@code tandem.parked_changes} in the batch's transaction, other
 * tables keep flowing, and a paused table's schema is re-checked every {@code recheck}; once every
 * parked change fits, they are replayed in order ahead of the batch and the table resumes.
 *
 * <p>The committed set of paused tables changes only through {@link #committed(Attempt)}, so a
 * rolled-back batch leaves it as it was. Not thread-safe: owned by one {@link BatchApplier}.
 */
final class DriftGuard {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DriftGuard.class);

    /** Parked changes of a table whose schema fits again, to replay in order. */
    record Replay(String table, List<ParkedChanges.Parked> parked, List<SourceRecord> records) {}

    private final String sourceRegion;
    private final TableCatalog catalog;
    private final ChangeEventCodec codec;
    private final ApplyMetrics metrics;
    private final long recheckNanos;
    private final Map<String, String> paused = new LinkedHashMap<>();
    private final Map<String, Long> lastCheck = new HashMap<>();
    private boolean loaded;

    DriftGuard(
            String sourceRegion, TableCatalog catalog, ChangeEventCodec codec, ApplyMetrics metrics, Duration recheck) {
        this.sourceRegion = sourceRegion;
        this.catalog = catalog;
        this.codec = codec;
        this.metrics = metrics;
        this.recheckNanos = recheck.toNanos();
    }

    /** On first use, learns which tables are paused from the durable parked changes. */
    void loadIfNeeded(Connection connection) throws SQLException {
        if (loaded) {
            return;
        }
        Map<String, String> stored = ParkedChanges.parkedTables(connection, sourceRegion);
        stored.forEach((table, reason) -> {
            paused.put(table, reason);
            metrics.paused(table, true);
            log.error(
                    "source {}: table {} is paused by schema drift ({}); its changes stay parked in"
                            + " tandem.parked_changes until the schema is fixed",
                    sourceRegion,
                    table,
                    reason);
        });
        loaded = true;
    }

    Set<String> pausedTables() {
        return Set.copyOf(paused.keySet());
    }

    /** Re-checks the paused tables that are due; returns those whose parked changes all fit now. */
    List<Replay> dueReplays(Connection connection) throws SQLException {
        List<Replay> replays = new ArrayList<>();
        long now = System.nanoTime();
        for (Map.Entry<String, String> entry : paused.entrySet()) {
            String table = entry.getKey();
            Long last = lastCheck.get(table);
            if (last != null && now - last < recheckNanos) {
                continue;
            }
            lastCheck.put(table, now);
            catalog.invalidate(table);
            Optional<TableShape> shape = catalog.shape(connection, table);
            if (shape.isEmpty()) {
                continue;
            }
            List<ParkedChanges.Parked> parked = ParkedChanges.load(connection, sourceRegion, table);
            List<SourceRecord> records = new ArrayList<>(parked.size());
            Optional<String> difference = Optional.empty();
            for (ParkedChanges.Parked change : parked) {
                SourceRecord record = decode(change);
                records.add(record);
                if (!record.malformed() && difference.isEmpty()) {
                    difference = DriftCheck.difference(shape.get(), record.event());
                }
            }
            if (difference.isEmpty()) {
                replays.add(new Replay(table, parked, records));
            } else if (!difference.get().equals(entry.getValue())) {
                log.error("source {}: table {} is still paused: {}", sourceRegion, table, difference.get());
                entry.setValue(difference.get());
            }
        }
        return replays;
    }

    Attempt attempt(List<Replay> replays) {
        Map<String, String> working = new LinkedHashMap<>(paused);
        replays.forEach(replay -> working.remove(replay.table()));
        return new Attempt(working, new LinkedHashMap<>(), replays);
    }

    /** Makes an attempt's parking decisions the committed state, and alerts on the changes. */
    void committed(Attempt attempt) {
        for (Replay replay : attempt.replays) {
            log.info(
                    "source {}: table {} fits its changes again; replayed {} parked change(s), apply resumed",
                    sourceRegion,
                    replay.table(),
                    replay.records().size());
            metrics.paused(replay.table(), false);
        }
        attempt.newlyPaused.forEach((table, reason) -> {
            log.error(
                    "source {}: ALERT schema drift on table {}: {}. Its apply is paused and its changes are"
                            + " parked in tandem.parked_changes; other tables keep flowing. Fix the table"
                            + " (e.g. ALTER TABLE ... ADD COLUMN) and the parked changes are replayed.",
                    sourceRegion,
                    table,
                    reason);
            metrics.paused(table, true);
        });
        paused.clear();
        paused.putAll(attempt.working);
    }

    private SourceRecord decode(ParkedChanges.Parked change) {
        PolledRecord record = new PolledRecord(change.offset(), change.payload());
        try {
            ChangeEvent event = codec.decode(change.payload());
            return new SourceRecord(record, event, null);
        } catch (MalformedChangeEventException e) {
            return new SourceRecord(record, null, e.getMessage());
        }
    }

    /** Parking decisions of one (possibly rolled-back) attempt. */
    final class Attempt {
        private final Map<String, String> working;
        private final Map<String, String> newlyPaused;
        private final List<Replay> replays;

        private Attempt(Map<String, String> working, Map<String, String> newlyPaused, List<Replay> replays) {
            this.working = working;
            this.newlyPaused = newlyPaused;
            this.replays = replays;
        }

        /** Parks the change if its table is paused or its shape drifted; returns whether it did. */
        boolean park(Connection connection, SourceRecord record, TableShape shape) throws SQLException {
            String table = shape.name();
            String reason = working.get(table);
            if (reason == null) {
                Optional<String> difference = DriftCheck.difference(shape, record.event());
                if (difference.isEmpty()) {
                    return false;
                }
                reason = difference.get();
                working.put(table, reason);
                newlyPaused.put(table, reason);
                lastCheck.put(table, System.nanoTime());
            }
            ParkedChanges.park(connection, sourceRegion, table, record, "table paused: " + reason);
            return true;
        }

        Attempt child() {
            return new Attempt(new LinkedHashMap<>(working), new LinkedHashMap<>(newlyPaused), replays);
        }

        void adopt(Attempt child) {
            working.clear();
            working.putAll(child.working);
            newlyPaused.clear();
            newlyPaused.putAll(child.newlyPaused);
        }
    }
}
