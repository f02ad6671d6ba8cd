package io.tandem.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.replicator.apply.StoredVersion;
import io.tandem.replicator.reconcile.RepairReport;
import io.tandem.replicator.reconcile.RepairStatus;
import io.tandem.replicator.reconcile.RowDecision;
import io.tandem.replicator.reconcile.RowRepairResult;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/** How {@code tandem repair} prints its report (text or JSON) and which exit code it earns. */
final class RepairOutput {
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RepairOutput() {}

    /** 0 when every row is done, 4 when some were refused (and none failed), 1 otherwise. */
    static int exitCode(RepairReport report) {
        if (report.complete()) {
            return ExitCodes.OK;
        }
        boolean onlyRefused =
                report.rows().stream().allMatch(r -> r.status().done() || r.status() == RepairStatus.REFUSED);
        return onlyRefused ? ExitCodes.REFUSED : ExitCodes.FAILED;
    }

    /** {@code consistent} (nothing differed), {@code planned}, {@code repaired}, {@code refused} or {@code incomplete}. */
    static String result(RepairReport report) {
        if (report.rows().isEmpty()) {
            return "consistent";
        }
        return switch (exitCode(report)) {
            case ExitCodes.OK -> report.dryRun() ? "planned" : "repaired";
            case ExitCodes.REFUSED -> "refused";
            default -> "incomplete";
        };
    }

    static void text(RepairReport report, PrintWriter out) {
        out.printf(
                "repair %s%s: rows %s, %d differing%n",
                report.table(),
                report.dryRun() ? " (dry run: nothing is written)" : "",
                report.verify().rowsByRegion(),
                report.rows().size());
        for (RowRepairResult row : report.rows()) {
            out.printf("%-9s %s%n", row.status().label(), row.decision().key());
            row.decision().before().forEach((region, version) -> out.printf("  %-12s %s%n", region, describe(version)));
            out.printf("  %s%n", row.detail());
            row.newVersionVector().ifPresent(vv -> out.printf("  new version %s%n", vv));
        }
        out.printf(
                "repair result=%s table=%s differing_rows=%d repaired=%d planned=%d settled=%d refused=%d changed=%d"
                        + " failed=%d%n",
                result(report),
                report.table(),
                report.rows().size(),
                report.count(RepairStatus.REPAIRED),
                report.count(RepairStatus.PLANNED),
                report.count(RepairStatus.SETTLED),
                report.count(RepairStatus.REFUSED),
                report.count(RepairStatus.CHANGED),
                report.count(RepairStatus.FAILED));
    }

    static String json(RepairReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("table", report.table());
        root.put("dry_run", report.dryRun());
        root.put("result", result(report));
        root.set("rows_by_region", JSON.valueToTree(report.verify().rowsByRegion()));
        ArrayNode rows = root.putArray("rows");
        for (RowRepairResult row : report.rows()) {
            ObjectNode node = rows.addObject();
            node.put("key", row.decision().key());
            node.put("status", row.status().label());
            node.put("detail", row.detail());
            if (row.decision() instanceof RowDecision.Repair repair) {
                node.put("action", repair.action());
                node.put("basis", repair.basis().label());
                node.set("sources", JSON.valueToTree(repair.sources()));
                node.set("differing", JSON.valueToTree(repair.differing()));
                node.put("write_region", repair.writeRegion());
            }
            row.newVersionVector().ifPresent(vv -> node.put("new_vv", vv));
            ObjectNode regions = node.putObject("regions");
            row.decision()
                    .before()
                    .forEach((region, version) ->
                            regions.set(region, version.map(RepairOutput::tree).orElse(null)));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the repair report as JSON", e);
        }
    }

    /** A region's version in one line: its values and version vector, deleted, or missing. */
    private static String describe(Optional<StoredVersion> version) {
        if (version.isEmpty()) {
            return "(missing)";
        }
        StoredVersion v = version.get();
        String values = v.tombstone() ? "(deleted)" : JSON.valueToTree(v.row()).toString();
        return values + " version " + v.versionVector() + " from " + v.origin();
    }

    private static ObjectNode tree(StoredVersion version) {
        ObjectNode node = JSON.createObjectNode();
        node.put("deleted", version.tombstone());
        if (!version.tombstone()) {
            node.set("row", JSON.valueToTree(version.row()));
        }
        node.put("vv", version.versionVector());
        node.put("hlc", version.hlc());
        node.put("origin", version.origin());
        return node;
    }
}
