package io.tandem.replicator.reconcile;

import io.tandem.replicator.apply.KeyVersions;
import io.tandem.replicator.apply.RowKey;
import io.tandem.replicator.apply.StoredVersion;
import io.tandem.replicator.apply.TableCatalog;
import io.tandem.replicator.apply.TableShape;
import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one row's repair in its write region, in one transaction, through the normal
 * replication path:
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
 *   <li>append the repair to {@code tandem.repair_log} and commit.
 * </ol>
 */
final class RepairWrite {
    /** {@code tandem_applied_from} of step 2's transient write (never shipped; replaced by step 3). */
    static final String APPLIED_FROM = "tandem-repair";

    private static final Logger log = LoggerFactory.getLogger(RepairWrite.class);

    private final TableSpec table;

    RepairWrite(TableSpec table) {
        this.table = table;
    }

    RowRepairResult run(RegionDatabase region, RowDecision.Repair repair) throws SQLException {
        try (Connection c = region.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                RowRepairResult result = write(c, region.region(), repair);
                if (result.status() == RepairStatus.REPAIRED) {
                    c.commit();
                    log.info(
                            "repair {} {}: {} in {} ({}), new version {}; differed in {}",
                            table.name(),
                            repair.key(),
                            repair.action(),
                            repair.writeRegion(),
                            repair.basis().describe(repair.sources()),
                            result.newVersionVector().orElse("?"),
                            repair.differing());
                } else {
                    c.rollback();
                }
                return result;
            } catch (SQLException e) {
                c.rollback();
                return failed(repair, e);
            }
        }
    }

    private RowRepairResult write(Connection c, String region, RowDecision.Repair repair) throws SQLException {
        TableShape shape = new TableCatalog()
                .shape(c, table.name())
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

    private RowRepairResult failed(RowDecision.Repair repair, SQLException e) throws SQLException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            throw e;
        }
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
