package io.tandem.cli;

import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.reconcile.RegionDatabase;
import io.tandem.replicator.reconcile.RowDifference;
import io.tandem.replicator.reconcile.TableVerifier;
import io.tandem.replicator.reconcile.VerifyReport;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tandem verify}: compare a table across regions and list the rows that differ. Exit 0 when
 * consistent, 1 when rows differ, 5 when a database cannot be reached. The password comes from the
 * URL's {@code password} parameter or TANDEM_POSTGRES_PASSWORD.
 */
@Command(
        name = "verify",
        description = "Compare a table across regions by primary-key range checksums and list differing rows.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, description = "Schema-qualified table, e.g. public.orders.")
    String table;

    @Option(
            names = "--key",
            required = true,
            split = ",",
            description = "Primary-key columns in key order, comma-separated.")
    List<String> key;

    @Option(
            names = "--db",
            required = true,
            paramLabel = "REGION=JDBC_URL",
            description = "A region's database; give it once per region (at least two). The password comes from"
                    + " the URL or $" + RegionDatabases.PASSWORD_ENV + ".")
    Map<String, String> databases = new LinkedHashMap<>();

    @Option(names = "--user", defaultValue = "tandem", description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;

    @Override
    public Integer call() {
        TableSpec spec;
        List<RegionDatabase> regions;
        try {
            regions = RegionDatabases.parse(databases, user, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(this.spec.commandLine(), e.getMessage());
        }
        try {
            spec = new TableSpec(table, key, TableMode.MULTI_WRITER, null, null, null);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(this.spec.commandLine(), "--table/--key: " + e.getMessage());
        }
        VerifyReport report;
        try {
            RegionDatabases.checkReachable(regions);
            report = new TableVerifier(spec, regions).verify();
        } catch (SQLException e) {
            PrintWriter err = this.spec.commandLine().getErr();
            err.println("tandem verify: " + e.getMessage());
            err.flush();
            return RegionDatabases.unreachable(e) ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED;
        }
        print(report, this.spec.commandLine().getOut());
        return report.consistent() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    static void print(VerifyReport report, PrintWriter out) {
        out.printf(
                "table %s: rows %s, %d ranges compared%n",
                report.table(), report.rowsByRegion(), report.rangesCompared());
        if (report.consistent()) {
            out.println("consistent: every region holds the same rows and versions");
        }
        for (RowDifference d : report.differences()) {
            out.printf("differs %s%n", d.key());
            d.rows().forEach((region, row) -> out.printf("  %-12s %s%n", region, row.orElse("(missing)")));
        }
        out.printf(
                "verify result=%s table=%s differing_rows=%d%n",
                report.consistent() ? "consistent" : "differs",
                report.table(),
                report.differences().size());
        out.flush();
    }
}
