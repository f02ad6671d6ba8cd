package io.tandem.replicator.reconcile;

import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares one table across regions: checksums of primary-key ranges, narrowing the ranges that
 * differ until few enough rows remain to compare row by row. Equal ranges cost one checksum query
 * per region, so a consistent table of N rows is confirmed with a handful of queries.
 *
 * <p>Compared columns are the table's columns except {@code tandem_applied_from}, which records
 * which link delivered a row and legitimately differs between regions. The version vector and the
 * winning write's clock and origin are compared: converged regions hold the same versions.
 *
 * <p>Reads run in REPEATABLE READ transactions, one per region; under ongoing writes a row that is in
 * flight between regions shows as a difference, so run it when writes have paused or repeat it.
 */
public final class TableVerifier {
    private static final Logger log = LoggerFactory.getLogger(TableVerifier.class);
    private static final List<String> NOT_COMPARED = List.of("tandem_applied_from");

    private final TableSpec table;
    private final List<RegionDatabase> regions;
    private final int leafRows;
    private final int fanout;

    /**
     * @param leafRows a range with at most this many rows in every region is compared row by row
     * @param fanout how many parts a differing range is cut into
     */
    public TableVerifier(TableSpec table, List<RegionDatabase> regions, int leafRows, int fanout) {
        if (regions.size() < 2) {
            throw new IllegalArgumentException("verify needs at least two regions, got " + regions.size());
        }
        if (leafRows < 1 || fanout < 2) {
            throw new IllegalArgumentException("leafRows must be >= 1 and fanout >= 2");
        }
        this.table = table;
        this.regions = List.copyOf(regions);
        this.leafRows = leafRows;
        this.fanout = fanout;
    }

    public TableVerifier(TableSpec table, List<RegionDatabase> regions) {
        this(table, regions, 64, 16);
    }

    public VerifyReport verify() throws SQLException {
        Map<String, Connection> connections = new LinkedHashMap<>();
        try {
            for (RegionDatabase region : regions) {
                Connection c = region.dataSource().getConnection();
                connections.put(region.region(), c);
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            }
            List<String> columns = comparedColumns(connections);
            RangeQueries queries = new RangeQueries(table.name(), table.primaryKey(), columns);
            Walk walk = new Walk(queries, connections);
            Map<String, RangeDigest> whole = walk.digests(KeyRange.ALL);
            Map<String, Long> rows = new LinkedHashMap<>();
            whole.forEach((region, digest) -> rows.put(region, digest.rows()));
            walk.compare(KeyRange.ALL, whole);
            log.info(
                    "verify {}: {} ranges compared, {} differing rows",
                    table.name(),
                    walk.ranges,
                    walk.differences.size());
            return new VerifyReport(table.name(), columns, rows, walk.ranges, walk.differences);
        } finally {
            for (Connection c : connections.values()) {
                try {
                    c.rollback();
                } finally {
                    c.close();
                }
            }
        }
    }

    /** The columns a check compares in {@code table} as {@code c} has it (all but tandem_applied_from), in order. */
    static List<String> comparedColumns(Connection c, TableSpec table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            p.setString(1, table.schema());
            p.setString(2, table.table());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (!NOT_COMPARED.contains(rs.getString(1))) {
                        columns.add(rs.getString(1));
                    }
                }
            }
        }
        return columns;
    }

    private List<String> comparedColumns(Map<String, Connection> connections) throws SQLException {
        Map<String, List<String>> byRegion = new LinkedHashMap<>();
        for (var entry : connections.entrySet()) {
            List<String> columns = comparedColumns(entry.getValue(), table);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException(
                        "table " + table.name() + " does not exist in region " + entry.getKey());
            }
            byRegion.put(entry.getKey(), columns);
        }
        var distinct = new java.util.HashSet<>(byRegion.values());
        if (distinct.size() > 1) {
            throw new IllegalArgumentException("table " + table.name()
                    + " has different columns in different regions " + byRegion
                    + "; fix the schema drift first (the applier pauses a drifted table)");
        }
        return byRegion.values().iterator().next();
    }

    /** One verification's traversal state. */
    private final class Walk {
        private final RangeQueries queries;
        private final Map<String, Connection> connections;
        private final List<RowDifference> differences = new ArrayList<>();
        private long ranges;

        Walk(RangeQueries queries, Map<String, Connection> connections) {
            this.queries = queries;
            this.connections = connections;
        }

        Map<String, RangeDigest> digests(KeyRange range) throws SQLException {
            Map<String, RangeDigest> digests = new LinkedHashMap<>();
            for (var entry : connections.entrySet()) {
                digests.put(entry.getKey(), queries.digest(entry.getValue(), range));
            }
            ranges++;
            return digests;
        }

        void compare(KeyRange range, Map<String, RangeDigest> digests) throws SQLException {
            if (digests.values().stream().distinct().count() == 1) {
                return;
            }
            long most = 0;
            String fullest = null;
            for (var entry : digests.entrySet()) {
                if (fullest == null || entry.getValue().rows() > most) {
                    most = entry.getValue().rows();
                    fullest = entry.getKey();
                }
            }
            if (most <= leafRows) {
                compareRows(range);
                return;
            }
            List<List<Object>> points = queries.splitPoints(connections.get(fullest), range, most, fanout);
            if (points.isEmpty()) {
                compareRows(range);
                return;
            }
            List<Object> from = range.from();
            for (int i = 0; i <= points.size(); i++) {
                List<Object> to = i < points.size() ? points.get(i) : range.to();
                KeyRange part = new KeyRange(from, to);
                compare(part, digests(part));
                from = to;
            }
        }

        private void compareRows(KeyRange range) throws SQLException {
            Map<String, Map<String, String>> rowsByRegion = new HashMap<>();
            TreeSet<String> keys = new TreeSet<>();
            for (var entry : connections.entrySet()) {
                Map<String, String> rows = queries.rows(entry.getValue(), range);
                rowsByRegion.put(entry.getKey(), rows);
                keys.addAll(rows.keySet());
            }
            for (String key : keys) {
                Map<String, Optional<String>> perRegion = new LinkedHashMap<>();
                for (String region : connections.keySet()) {
                    perRegion.put(
                            region, Optional.ofNullable(rowsByRegion.get(region).get(key)));
                }
                if (perRegion.values().stream().distinct().count() > 1) {
                    differences.add(new RowDifference(key, perRegion));
                }
            }
        }
    }
}
