package io.tandem.cli;

import io.tandem.cli.config.ConfigException;
import io.tandem.cli.operate.ClusterTables;
import io.tandem.cli.operate.OutputFormat;
import io.tandem.replicator.apply.LibraryResolver;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.reconcile.RegionDatabase;
import io.tandem.replicator.reconcile.RepairReport;
import io.tandem.replicator.reconcile.TableRepairer;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tandem repair}: verify a table across regions and repair every differing row through the
 * normal replication path (a local write in one region whose version dominates every region's, so
 * the appliers carry it everywhere), logged in {@code tandem.repair_log}. Replication must be running.
 *
 * <p>Exit 0 when every differing row was repaired (or planned, with {@code --dry-run}), 1 when a
 * row's write failed or the row changed meanwhile, 2 for bad usage, 4 when a row was refused (a tie
 * that needs {@code --prefer}), 5 when a region's database cannot be reached.
 */
@Command(
        name = "repair",
        description = {
            "Repair the rows of a table that differ between regions, through the normal replication path.",
            "Same version with different values (a change behind Tandem's back): the values most regions hold win;"
                    + " a tie needs --prefer. Different versions: the conflict resolver's merge decides. A row missing"
                    + " in a region is restored, unless a tombstone shows it was deleted (the delete is re-issued)."
        })
final class RepairCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, description = "Schema-qualified table, e.g. public.orders.")
    String table;

    @Option(
            names = "--key",
            split = ",",
            description = "Primary-key columns in key order, comma-separated (taken from the cluster configuration"
                    + " with --zookeeper).")
    List<String> key;

    @Option(
            names = "--zookeeper",
            paramLabel = "HOST:PORT[,...]",
            description = "Read the table's key, policy and counters from the cluster configuration in ZooKeeper.")
    String zookeeper;

    @Option(
            names = "--cluster",
            defaultValue = "${env:TANDEM_CLUSTER:-tandem}",
            description = "Cluster name, with --zookeeper (default: $TANDEM_CLUSTER or ${DEFAULT-VALUE}).")
    String cluster;

    @Option(
            names = "--db",
            required = true,
            paramLabel = "REGION=JDBC_URL",
            description = "A region's database; give it once per region (at least two). The password comes from"
                    + " the URL or $" + RegionDatabases.PASSWORD_ENV + ".")
    Map<String, String> databases = new LinkedHashMap<>();

    @Option(names = "--user", defaultValue = "tandem", description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(
            names = "--prefer",
            paramLabel = "REGION",
            description = "Region whose values win a tie, and where the repairs are written (default: a region"
                    + " holding the decided version).")
    String prefer;

    @Option(
            names = "--policy",
            description = "The table's conflict policy as configured, without --zookeeper (default: lww).")
    String policy;

    @Option(
            names = "--counters",
            split = ",",
            paramLabel = "COLUMN",
            description = "The table's counter columns as configured, comma-separated, without --zookeeper.")
    List<String> counters;

    @Option(names = "--dry-run", description = "Show the plan only; write nothing.")
    boolean dryRun;

    @Option(
            names = "--output",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        TableSpec tableSpec;
        List<RegionDatabase> regions;
        LibraryResolver resolver;
        try {
            regions = RegionDatabases.parse(databases, user, System.getenv());
            if (prefer != null && !databases.containsKey(prefer)) {
                throw new IllegalArgumentException("--prefer " + prefer + ": not one of the regions given with --db ("
                        + String.join(", ", databases.keySet()) + ")");
            }
            tableSpec = zookeeper == null ? tableSpec() : configuredTable();
            resolver = resolver(tableSpec);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (ConfigException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p.describe()));
            spec.commandLine().getErr().flush();
            return ExitCodes.BAD_CONFIG;
        }
        PrintWriter err = spec.commandLine().getErr();
        RepairReport report;
        try {
            RegionDatabases.checkReachable(regions);
            report = new TableRepairer(tableSpec, regions, resolver).repair(Optional.ofNullable(prefer), dryRun);
        } catch (SQLException e) {
            err.println("tandem repair: " + e.getMessage());
            err.flush();
            return RegionDatabases.unreachable(e) ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED;
        } catch (IllegalArgumentException e) {
            err.println("tandem repair: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.json) {
            out.println(RepairOutput.json(report));
        } else {
            RepairOutput.text(report, out);
        }
        out.flush();
        return RepairOutput.exitCode(report);
    }

    private LibraryResolver resolver(TableSpec tableSpec) {
        try {
            return new LibraryResolver(List.of(tableSpec), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--policy " + tableSpec.policy() + ": " + e.getMessage(), e);
        }
    }

    /** The table as the cluster configuration in ZooKeeper declares it. */
    private TableSpec configuredTable() {
        if (policy != null || counters != null) {
            throw new IllegalArgumentException("--policy/--counters: the cluster configuration gives them with"
                    + " --zookeeper; give one or the other");
        }
        TableSpec configured = ClusterTables.lookup(zookeeper, cluster, table);
        if (key != null && !key.equals(configured.primaryKey())) {
            throw new IllegalArgumentException("--key " + String.join(",", key) + ": the cluster configuration declares"
                    + " the key of " + table + " as " + String.join(",", configured.primaryKey()));
        }
        return configured;
    }

    /** The table as the options declare it. */
    private TableSpec tableSpec() {
        if (key == null) {
            throw new IllegalArgumentException("--key: give the table's primary-key columns, or --zookeeper to read"
                    + " them from the cluster configuration");
        }
        try {
            return new TableSpec(
                    table,
                    key,
                    TableMode.MULTI_WRITER,
                    policy,
                    counters == null ? null : new LinkedHashSet<>(counters),
                    Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--table/--key/--counters: " + e.getMessage(), e);
        }
    }
}
