package io.tandem.replicator.reconcile;

import io.tandem.replicator.apply.KeyVersions;
import io.tandem.replicator.apply.RowKey;
import io.tandem.replicator.apply.StoredVersion;
import io.tandem.replicator.apply.TableCatalog;
import io.tandem.replicator.apply.TableShape;
import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out rows' repairs in their write region, in one transaction per batch (a savepoint per
 * row), through the normal replication path; per row:
 *
 * <ol>
 *   <li>take the applier's key lock and re-read the row; if it changed since the decision, write
 *       nothing ({@link RepairStatus#CHANGED});
 *   <li>if the region does not hold the decided version, store it as the applier would (applier
 *       mode: capture does not ship it) — for a decided delete, a live row carrying the delete's
 *       metadata;
 *   <li>write the decided values (or delete the row) as an ordinary local write: the trigger stamps a
 *       version on top of the decided one, which therefore dominates every region's version; capture
 *       ships it and every other region's applier applies it without conflict;
 *   <li>append the repair to {@code tandem.repair_log}; the batch commits the writes and their log
 *       entries together.
 * </ol>
 */
final class RepairWrite {
    /** {@code tandem_applied_from} of step 2's transient write (never shipped; replaced by step 3). */
    static final String APPLIED_FROM = "tandem-repair";

    private static final Logger log = LoggerFactory.getLogger(RepairWrite.class);

    private final TableSpec table;
    private final TableCatalog catalog = new TableCatalog();

    RepairWrite(TableSpec table) {
        this.table = table;
    }

    /**
     * Repairs the rows in one transaction on {@code c} (a connection to their write region, not in
     * auto-commit mode), each under its own savepoint: a row that changed meanwhile or whose write
     * fails is rolled back alone and reported, the others commit together.
     *
     * @throws SQLException when the connection fails (SQLSTATE class 08): nothing of the batch is written
     */
    List<RowRepairResult> run(Connection c, List<RowDecision.Repair> repairs) throws SQLException {
        List<RowRepairResult> results = new ArrayList<>(repairs.size());
        for (RowDecision.Repair repair : repairs) {
            Savepoint savepoint = c.setSavepoint();
            try {
                RowRepairResult result = write(c, repair.writeRegion(), repair);
                if (result.status() == RepairStatus.REPAIRED) {
                    c.releaseSavepoint(savepoint);
                } else {
                    c.rollback(savepoint);
                }
                results.add(result);
            } catch (SQLException e) {
                if (connectionLost(e)) {
                    throw e;
                }
                c.rollback(savepoint);
                results.add(failed(repair, e));
            }
        }
        try {
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (connectionLost(e)) {
                throw e;
            }
            return results.stream()
                    .map(r -> r.status() != RepairStatus.REPAIRED
                            ? r
                            : new RowRepairResult(
                                    r.decision(),
                                    RepairStatus.FAILED,
                                    Optional.empty(),
                                    "the commit in " + ((RowDecision.Repair) r.decision()).writeRegion()
                                            + " failed: SQLSTATE " + e.getSQLState() + ": " + e.getMessage()
                                            + "; nothing written"))
                    .toList();
        }
        for (RowRepairResult result : results) {
            if (result.status() == RepairStatus.REPAIRED) {
                RowDecision.Repair repair = (RowDecision.Repair) result.decision();
                log.info(
                        "repair {} {}: {} in {} ({}), new version {}; differed in {}",
                        table.name(),
                        repair.key(),
                        repair.action(),
                        repair.writeRegion(),
                        repair.basis().describe(repair.sources()),
                        result.newVersionVector().orElse("?"),
                        repair.differing());
            }
        }
        return results;
    }

    private static boolean connectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private RowRepairResult write(Connection c, String region, RowDecision.Repair repair) throws SQLException {
        TableShape shape = catalog.shape(c, table.name())
                .orElseThrow(() ->
                        new IllegalArgumentException("table " + table.name() + " does not exist in region " + region));
        RowKey key = KeyVersions.key(table.name(), table.primaryKey(), repair.keyValues());
        KeyVersions.lock(c, List.of(key));
        StoredVersion now = KeyVersions.read(c, shape, List.of(key)).get(key);
        StoredVersion read = repair.before().get(region).orElse(null);
        if (!Versions.same(now, read)) {
            return new RowRepairResult(
                    repair,
                    RepairStatus.CHANGED,
                    Optional.empty(),
                    "the row changed in " + region + " after it was read (replication or a client wrote it);"
                            + " nothing written: run verify and repair again");
        }
        StoredVersion decided = repair.decided();
        StoredVersion base = decided.tombstone() ? liveCarrier(decided, now, repair) : decided;
        if (!Versions.same(now, base)) {
            KeyVersions.writeAsApplier(c, shape, key, base, now, APPLIED_FROM);
        }
        KeyVersions.writeLocally(c, shape, key, decided.tombstone() ? Map.of() : decided.row());
        StoredVersion written = KeyVersions.read(c, shape, List.of(key)).get(key);
        RepairLog.append(c, table.name(), repair, written.versionVector());
        return new RowRepairResult(
                repair,
                RepairStatus.REPAIRED,
                Optional.of(written.versionVector()),
                repair.action() + " written in " + region + " as a local write ("
                        + repair.basis().describe(repair.sources()) + "); replication carries it to "
                        + String.join(", ", repair.differing()));
    }

    /**
     * A live row with the decided delete's metadata, for the local DELETE to act on: its values are
     * the row's current ones here, else any region's.
     */
    private static StoredVersion liveCarrier(StoredVersion decided, StoredVersion now, RowDecision.Repair repair) {
        Map<String, Object> values = now != null && !now.tombstone()
                ? now.row()
                : repair.before().values().stream()
                        .flatMap(Optional::stream)
                        .filter(v -> !v.tombstone())
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no live row of " + repair.key() + " to delete"))
                        .row();
        return StoredVersion.live(values, decided.versionVector(), decided.hlc(), decided.origin(), decided.meta());
    }

    private RowRepairResult failed(RowDecision.Repair repair, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("40001") || state.equals("40P01")) {
            return new RowRepairResult(
                    repair,
                    RepairStatus.CHANGED,
                    Optional.empty(),
                    "the row changed in " + repair.writeRegion() + " while it was repaired (" + e.getMessage()
                            + "); nothing written: run repair again");
        }
        if (state.equals("TD001")) {
            return new RowRepairResult(
                    repair,
                    RepairStatus.FAILED,
                    Optional.empty(),
                    repair.writeRegion() + " refused the write: " + e.getMessage()
                            + "; it does not own this row's shard group: re-run with --prefer <the owning region>");
        }
        log.warn("repair {} {}: write in {} failed", table.name(), repair.key(), repair.writeRegion(), e);
        return new RowRepairResult(
                repair,
                RepairStatus.FAILED,
                Optional.empty(),
                "the write in " + repair.writeRegion() + " failed: SQLSTATE " + state + ": " + e.getMessage()
                        + "; nothing written");
    }
}
