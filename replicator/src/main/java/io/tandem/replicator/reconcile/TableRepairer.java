package io.tandem.replicator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tandem.replicator.apply.KeyVersions;
import io.tandem.replicator.apply.RowKey;
import io.tandem.replicator.apply.RowResolver;
import io.tandem.replicator.apply.StoredVersion;
import io.tandem.replicator.apply.TableCatalog;
import io.tandem.replicator.apply.TableShape;
import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs one table across regions ({@code tandem repair}): runs the {@link TableVerifier}, reads every
 * region's version of each differing row, decides the repaired version ({@link RepairDecider}) and
 * writes it in one region as an ordinary local write ({@link RepairWrite}), so the repair is itself
 * replicated, resolved by the appliers like any change, and logged in {@code tandem.repair_log}.
 *
 * <p>Replication must be running for the repair to reach the other regions; run {@code tandem verify}
 * afterwards (or wait on it) to see every region converge.
 */
public final class TableRepairer {
    private static final Logger log = LoggerFactory.getLogger(TableRepairer.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Repairs written per transaction in a write region. */
    static final int BATCH = 100;

    private final TableSpec table;
    private final List<RegionDatabase> regions;
    private final RepairDecider decider;
    private final RepairWrite writer;

    /**
     * @param resolver the conflict resolution the appliers use (its merge decides between differing
     *     versions), e.g. {@code new LibraryResolver(tables, clock)}
     */
    public TableRepairer(TableSpec table, List<RegionDatabase> regions, RowResolver resolver) {
        this.table = table;
        this.regions = List.copyOf(regions);
        this.decider = new RepairDecider(table, resolver);
        this.writer = new RepairWrite(table);
        if (regions.size() < 2) {
            throw new IllegalArgumentException("repair needs at least two regions, got " + regions.size());
        }
    }

    /**
     * Verifies the table and repairs every differing row (or, with {@code dryRun}, only plans it).
     *
     * @param prefer the region whose values break a tie between regions holding the same version with
     *     different values, and where the repairs are written; must be one of the regions
     * @throws IllegalArgumentException for an unknown preferred region or a table missing in a region
     * @throws SQLException when a region's database cannot be read
     */
    public RepairReport repair(Optional<String> prefer, boolean dryRun) throws SQLException {
        List<String> names = regions.stream().map(RegionDatabase::region).toList();
        if (prefer.isPresent() && !names.contains(prefer.get())) {
            throw new IllegalArgumentException("preferred region '" + prefer.get() + "' is not one of the regions "
                    + String.join(", ", names) + "; name one of them");
        }
        VerifyReport verify = new TableVerifier(table, regions).verify();
        List<RowDecision> decisions = decide(verify.differences(), prefer);
        RowRepairResult[] outcomes = new RowRepairResult[decisions.size()];
        Map<String, List<Integer>> toWrite = new LinkedHashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            RowDecision decision = decisions.get(i);
            if (decision instanceof RowDecision.Repair repair && !dryRun) {
                toWrite.computeIfAbsent(repair.writeRegion(), r -> new ArrayList<>())
                        .add(i);
            } else {
                outcomes[i] = withoutWriting(decision);
            }
        }
        for (var region : toWrite.entrySet()) {
            write(region.getKey(), region.getValue(), decisions, outcomes);
        }
        List<RowRepairResult> results = List.of(outcomes);
        RepairReport report = new RepairReport(table.name(), verify, dryRun, results);
        log.info(
                "repair {}{}: {} differing rows, {} repaired, {} planned, {} settled, {} refused, {} changed, {} failed",
                table.name(),
                dryRun ? " (dry run)" : "",
                results.size(),
                report.count(RepairStatus.REPAIRED),
                report.count(RepairStatus.PLANNED),
                report.count(RepairStatus.SETTLED),
                report.count(RepairStatus.REFUSED),
                report.count(RepairStatus.CHANGED),
                report.count(RepairStatus.FAILED));
        return report;
    }

    /** Writes the repairs at {@code indexes} in their write region, {@value #BATCH} rows per transaction. */
    private void write(String writeRegion, List<Integer> indexes, List<RowDecision> decisions, RowRepairResult[] out)
            throws SQLException {
        RegionDatabase target = regions.stream()
                .filter(r -> r.region().equals(writeRegion))
                .findFirst()
                .orElseThrow();
        try (Connection c = target.dataSource().getConnection()) {
            c.setAutoCommit(false);
            for (int from = 0; from < indexes.size(); from += BATCH) {
                List<Integer> batch = indexes.subList(from, Math.min(indexes.size(), from + BATCH));
                List<RowRepairResult> results = writer.run(
                        c,
                        batch.stream()
                                .map(i -> (RowDecision.Repair) decisions.get(i))
                                .toList());
                for (int j = 0; j < batch.size(); j++) {
                    out[batch.get(j)] = results.get(j);
                }
            }
        }
    }

    /** The outcome of a decision that writes nothing: settled, refused, or planned (dry run). */
    private static RowRepairResult withoutWriting(RowDecision decision) {
        if (decision instanceof RowDecision.Settled) {
            return new RowRepairResult(
                    decision, RepairStatus.SETTLED, Optional.empty(), "every region holds the same version now");
        }
        if (decision instanceof RowDecision.Refusal refusal) {
            return new RowRepairResult(decision, RepairStatus.REFUSED, Optional.empty(), refusal.reason());
        }
        RowDecision.Repair repair = (RowDecision.Repair) decision;
        return new RowRepairResult(
                decision,
                RepairStatus.PLANNED,
                Optional.empty(),
                "would " + repair.action() + " in " + repair.writeRegion() + " ("
                        + repair.basis().describe(repair.sources()) + "), fixing "
                        + String.join(", ", repair.differing()));
    }

    private List<RowDecision> decide(List<RowDifference> differences, Optional<String> prefer) throws SQLException {
        if (differences.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Object>> keyValues = new LinkedHashMap<>();
        Map<String, RowKey> rowKeys = new LinkedHashMap<>();
        for (RowDifference difference : differences) {
            Map<String, Object> values = parseKey(difference.key());
            keyValues.put(difference.key(), values);
            rowKeys.put(difference.key(), KeyVersions.key(table.name(), table.primaryKey(), values));
        }
        Map<String, Map<RowKey, StoredVersion>> byRegion = new LinkedHashMap<>();
        for (RegionDatabase region : regions) {
            byRegion.put(region.region(), read(region, rowKeys.values()));
        }
        List<RowDecision> decisions = new ArrayList<>();
        for (var entry : rowKeys.entrySet()) {
            Map<String, Optional<StoredVersion>> versions = new LinkedHashMap<>();
            byRegion.forEach((region, read) -> versions.put(region, Optional.ofNullable(read.get(entry.getValue()))));
            decisions.add(decider.decide(entry.getKey(), keyValues.get(entry.getKey()), versions, prefer));
        }
        return decisions;
    }

    /** The keys' versions in one region (live rows read FOR UPDATE in a transaction rolled back at once). */
    private Map<RowKey, StoredVersion> read(RegionDatabase region, java.util.Collection<RowKey> keys)
            throws SQLException {
        try (Connection c = region.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                TableShape shape = new TableCatalog()
                        .shape(c, table.name())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "table " + table.name() + " does not exist in region " + region.region()));
                return KeyVersions.read(c, shape, keys);
            } finally {
                c.rollback();
            }
        }
    }

    private static Map<String, Object> parseKey(String keyJson) {
        try {
            return JSON.readValue(keyJson, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("verify reported a key that is not a JSON object: " + keyJson, e);
        }
    }
}
