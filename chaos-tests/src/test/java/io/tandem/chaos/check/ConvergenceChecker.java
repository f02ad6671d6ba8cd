package io.tandem.chaos.check;

import io.tandem.chaos.harness.Topology;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.reconcile.RegionDatabase;
import io.tandem.replicator.reconcile.TableVerifier;
import io.tandem.replicator.reconcile.VerifyReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 1, convergence: every region holds the same rows with the same metadata (vector, HLC,
 * origin, meta; compared by the replicator's {@link TableVerifier}) and the same tombstones.
 */
public final class ConvergenceChecker implements Checker {

    @Override
    public String name() {
        return "convergence";
    }

    @Override
    public CheckResult check(CheckContext context) throws SQLException {
        List<RegionDatabase> dbs = new ArrayList<>();
        context.databases().forEach((r, ds) -> dbs.add(new RegionDatabase(r, ds)));
        StringBuilder problems = new StringBuilder();
        StringBuilder counts = new StringBuilder();
        for (TableSpec table : Topology.TABLES) {
            VerifyReport report = new TableVerifier(table, dbs).verify();
            counts.append(table.name())
                    .append(' ')
                    .append(report.rowsByRegion())
                    .append("; ");
            if (!report.consistent()) {
                problems.append(table.name())
                        .append(": ")
                        .append(report.differences().size())
                        .append(" rows differ, first: ")
                        .append(report.differences()
                                .subList(0, Math.min(3, report.differences().size())))
                        .append("; ");
            }
        }
        Map<String, List<String>> tombstones = new LinkedHashMap<>();
        for (var e : context.databases().entrySet()) {
            tombstones.put(e.getKey(), tombstones(e.getValue()));
        }
        List<String> first = tombstones.values().iterator().next();
        for (var e : tombstones.entrySet()) {
            if (!e.getValue().equals(first)) {
                List<String> only = new ArrayList<>(e.getValue());
                only.removeAll(first);
                List<String> missing = new ArrayList<>(first);
                missing.removeAll(e.getValue());
                problems.append("tombstones of ")
                        .append(e.getKey())
                        .append(" differ from ")
                        .append(tombstones.keySet().iterator().next())
                        .append(": only there ")
                        .append(only.subList(0, Math.min(3, only.size())))
                        .append(", missing ")
                        .append(missing.subList(0, Math.min(3, missing.size())))
                        .append("; ");
            }
        }
        counts.append(first.size()).append(" tombstones");
        return problems.isEmpty()
                ? CheckResult.pass(name(), "identical everywhere: " + counts)
                : CheckResult.fail(name(), problems + "(" + counts + ")");
    }

    private static List<String> tombstones(javax.sql.DataSource db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name || ' ' || pk::text || ' ' || tandem_vv::text"
                        + " FROM tandem.tombstones ORDER BY table_name, pk::text")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
