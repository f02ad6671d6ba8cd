package io.tandem.replicator.apply;

import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.metrics.ApplyMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches of complete source transactions from one source region, each batch in one
 * PostgreSQL transaction that also stores the new position (effectively-once).
 *
 * <p>The fast path applies the whole batch in one {@link ApplyPass}. When it fails with a permanent
 * error, the transaction is rolled back and the batch is applied again with a savepoint per source
 * transaction, and inside a failing transaction a savepoint per change, so only the poison change
 * goes to {@code tandem.dead_letter} and every other change is applied. Retriable errors propagate to
 * the caller, which retries the batch on a fresh connection. Not thread-safe: one per source region.
 */
public final class BatchApplier {
    private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);
    static final String HEARTBEAT_TABLE = "tandem.heartbeat";

    private final String sourceRegion;
    private final Map<String, TableSpec> tables;
    private final TableCatalog catalog = new TableCatalog();
    private final ApplyPass pass;
    private final RowWriter writer = new RowWriter();
    private final ApplyMetrics metrics;
    private final DriftGuard drift;

    /**
     * @param sourceRegion the region whose changes this applier applies
     * @param tables the replicated tables by schema-qualified name
     * @param resolver decides skip, apply or merge per change
     * @param metrics meters of this source region
     * @param driftRecheck how often a paused table's schema is re-checked
     */
    public BatchApplier(
            String sourceRegion,
            Map<String, TableSpec> tables,
            RowResolver resolver,
            ApplyMetrics metrics,
            Duration driftRecheck) {
        this.sourceRegion = sourceRegion;
        this.tables = Map.copyOf(tables);
        this.pass = new ApplyPass(sourceRegion, resolver, writer, catalog);
        this.metrics = metrics;
        this.drift = new DriftGuard(sourceRegion, catalog, new ChangeEventCodec(), metrics, driftRecheck);
    }

    /**
     * Applies the transactions (in offset order) and commits. Transactions that end before the stored
     * position were applied already and are dropped. An empty list still re-checks paused tables.
     *
     * @throws SQLException a retriable database error; nothing was committed, retry on a fresh connection
     */
    public BatchResult apply(Connection connection, List<SourceTransaction> transactions) throws SQLException {
        long started = System.nanoTime();
        begin(connection);
        ApplyPosition stored = ApplyPositions.readForUpdate(connection, sourceRegion);
        List<SourceTransaction> fresh = new ArrayList<>();
        for (SourceTransaction tx : transactions) {
            if (tx.lastOffset() >= stored.nextOffset()) {
                fresh.add(tx);
            }
        }
        if (fresh.size() < transactions.size()) {
            log.info(
                    "source {}: {} transaction(s) below stored offset {} were applied before; not applying them again",
                    sourceRegion,
                    transactions.size() - fresh.size(),
                    stored.nextOffset());
        }
        drift.loadIfNeeded(connection);
        List<DriftGuard.Replay> replays = drift.dueReplays(connection);
        if (fresh.isEmpty() && replays.isEmpty()) {
            connection.rollback();
            return new BatchResult(stored, 0, 0, 0, 0, 0, 0);
        }
        DriftGuard.Attempt parking = drift.attempt(replays);
        Tally tally = new Tally();
        try {
            applyUnits(connection, units(connection, replays, fresh), parking, tally);
        } catch (SQLException | RuntimeException e) {
            if (FailureKind.of(e) == FailureKind.RETRIABLE) {
                throw e;
            }
            log.info(
                    "source {}: batch of {} transaction(s) hit a permanent error ({}); isolating the failing change",
                    sourceRegion,
                    fresh.size(),
                    FailureKind.describe(e));
            connection.rollback();
            catalog.invalidateAll();
            begin(connection);
            ApplyPositions.readForUpdate(connection, sourceRegion);
            parking = drift.attempt(replays);
            tally = new Tally();
            isolate(connection, units(connection, replays, fresh), parking, tally);
        }
        ApplyPosition position = stored;
        if (!fresh.isEmpty()) {
            position = advance(stored, fresh);
            ApplyPositions.write(connection, sourceRegion, position);
        }
        connection.commit();
        drift.committed(parking);
        tally.publish(metrics);
        if (position.appliedCommitTsMillis() >= 0) {
            metrics.appliedUpTo(position.appliedCommitTsMillis());
        }
        metrics.batchTime(Duration.ofNanos(System.nanoTime() - started));
        return new BatchResult(
                position,
                fresh.size(),
                tally.applied(),
                tally.skipped(),
                tally.conflicts(),
                tally.deadLettered(),
                tally.parked());
    }

    /** The drift guard, for the paused-table view. */
    public java.util.Set<String> pausedTables() {
        return drift.pausedTables();
    }

    private static ApplyPosition advance(ApplyPosition stored, List<SourceTransaction> fresh) {
        long lsn = stored.appliedLsn();
        long commitTs = stored.appliedCommitTsMillis();
        for (SourceTransaction tx : fresh) {
            lsn = Math.max(lsn, tx.lsn());
            commitTs = Math.max(commitTs, tx.commitTsMillis());
        }
        return new ApplyPosition(fresh.get(fresh.size() - 1).lastOffset() + 1, lsn, commitTs);
    }

    private static void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL tandem.apply = 'on'");
        }
    }

    private List<List<SourceRecord>> units(
            Connection connection, List<DriftGuard.Replay> replays, List<SourceTransaction> fresh) throws SQLException {
        List<List<SourceRecord>> units = new ArrayList<>();
        for (DriftGuard.Replay replay : replays) {
            ParkedChanges.remove(connection, replay.parked());
            units.addAll(replay.records().stream().map(List::of).toList());
        }
        for (SourceTransaction tx : fresh) {
            units.add(tx.records());
        }
        return units;
    }

    private void applyUnits(
            Connection connection, List<List<SourceRecord>> units, DriftGuard.Attempt parking, Tally tally)
            throws SQLException {
        List<ApplyPass.Routed> routed = new ArrayList<>();
        for (List<SourceRecord> unit : units) {
            for (SourceRecord record : unit) {
                route(connection, record, parking, tally).ifPresent(routed::add);
            }
        }
        pass.run(connection, routed, tally);
    }

    /** Sends a record where it belongs; returns it when it is to be resolved and applied. */
    private Optional<ApplyPass.Routed> route(
            Connection connection, SourceRecord record, DriftGuard.Attempt parking, Tally tally) throws SQLException {
        if (record.malformed()) {
            deadLetter(connection, record, record.malformedReason(), tally);
            return Optional.empty();
        }
        String table = record.event().table();
        Optional<TableShape> shape = catalog.shape(connection, table);
        if (table.equals(HEARTBEAT_TABLE)) {
            if (shape.isEmpty()) {
                throw new SQLException("table tandem.heartbeat is missing; run `tandem init`", "42P01");
            }
            writer.upsertPlain(connection, shape.get(), record.event().row());
            return Optional.empty();
        }
        TableSpec spec = tables.get(table);
        if (spec == null) {
            deadLetter(
                    connection,
                    record,
                    "table " + table + " is not a replicated table in this region's configuration;"
                            + " add it to the tables list or stop replicating it at the source",
                    tally);
            return Optional.empty();
        }
        if (shape.isEmpty()) {
            deadLetter(
                    connection,
                    record,
                    "table " + table + " does not exist in the target database; create it (and run `tandem init`)",
                    tally);
            return Optional.empty();
        }
        if (parking.park(connection, record, shape.get())) {
            tally.parked(table);
            return Optional.empty();
        }
        return Optional.of(new ApplyPass.Routed(record.event(), spec, shape.get()));
    }

    private void isolate(Connection connection, List<List<SourceRecord>> units, DriftGuard.Attempt parking, Tally tally)
            throws SQLException {
        for (List<SourceRecord> unit : units) {
            Optional<String> failure = attempt(connection, unit, parking, tally);
            if (failure.isEmpty()) {
                continue;
            }
            if (unit.size() == 1) {
                deadLetter(connection, unit.get(0), failure.get(), tally);
                continue;
            }
            log.warn(
                    "source {}: transaction at offsets {}..{} has a change that cannot be applied; applying its"
                            + " changes one by one (the transaction is no longer atomic)",
                    sourceRegion,
                    unit.get(0).offset(),
                    unit.get(unit.size() - 1).offset());
            for (SourceRecord record : unit) {
                Optional<String> recordFailure = attempt(connection, List.of(record), parking, tally);
                if (recordFailure.isPresent()) {
                    deadLetter(connection, record, recordFailure.get(), tally);
                }
            }
        }
    }

    /** Applies records under a savepoint; returns the permanent failure's description if it failed. */
    private Optional<String> attempt(
            Connection connection, List<SourceRecord> records, DriftGuard.Attempt parking, Tally tally)
            throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        DriftGuard.Attempt child = parking.child();
        Tally attemptTally = new Tally();
        try {
            applyUnits(connection, List.of(records), child, attemptTally);
            connection.releaseSavepoint(savepoint);
            parking.adopt(child);
            tally.add(attemptTally);
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            if (FailureKind.of(e) == FailureKind.RETRIABLE) {
                throw e;
            }
            connection.rollback(savepoint);
            return Optional.of(FailureKind.describe(e));
        }
    }

    private void deadLetter(Connection connection, SourceRecord record, String reason, Tally tally)
            throws SQLException {
        String table = record.malformed() ? "unknown" : record.event().table();
        log.warn(
                "source {}: change at offset {} of {} (table {}) cannot be applied and goes to tandem.dead_letter: {}",
                sourceRegion,
                record.offset(),
                Topics.changes(sourceRegion),
                table,
                reason);
        DeadLetters.store(connection, sourceRegion, record, reason);
        tally.deadLettered(table);
    }
}
