package io.tandem.cli.daemon;

import io.tandem.cli.ExitCodes;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.cli.config.Config;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.cli.security.DaemonSecurity;
import io.tandem.cli.security.PostgresTlsProblem;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.ZkClients;
import io.tandem.replicator.schema.BootstrapReport;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.tandem.replicator.schema.SchemaBootstrapException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem init --config region.yaml}: Tandem's schema bootstrap for one region's database, the
 * same the daemon runs when it starts (idempotent): Tandem's tables and functions, the region row,
 * each replicated table's metadata columns and triggers, the publication, the replication slot, and
 * the write fence of owned tables. The tables come from the cluster configuration in ZooKeeper.
 * Useful before the first daemon starts (the slot then keeps every change from that moment) and to
 * see what a database lacks.
 *
 * <p>Exit 0 when the database is ready, 1 when it does not match the configuration (the message names
 * the table and what to change) or the cluster has no configuration yet, 3 for an invalid region
 * file or a cluster configuration that does not fit it, 5 when ZooKeeper or PostgreSQL cannot be reached.
 */
@Command(
        name = "init",
        description = "Install Tandem's schema, triggers, publication, slot and fences in this region's database"
                + " (idempotent), for the tables of the cluster configuration.")
public final class InitCommand implements Callable<Integer> {
    private static final int CONNECT_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The region's YAML file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DaemonOptions options;
        DaemonSecurity security;
        try {
            Config config = new ConfigLoader(DaemonSettings.CATALOG, System::getenv).load(file);
            options = DaemonOptions.from(config, System::getenv);
            security = DaemonSecurity.from(config);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println(p.describe()));
            err.flush();
            return ExitCodes.BAD_CONFIG;
        } catch (IllegalArgumentException e) {
            return fail(err, file + ": " + e.getMessage(), ExitCodes.BAD_CONFIG);
        }
        ClusterConfig cluster;
        try {
            Optional<ClusterConfig> stored = clusterConfig(options, security);
            if (stored.isEmpty()) {
                return fail(
                        err,
                        "cluster " + options.cluster() + " has no configuration in ZooKeeper yet; store one with"
                                + " `tandem config set --file cluster.yaml`",
                        ExitCodes.FAILED);
            }
            cluster = stored.get();
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println(p.describe()));
            err.flush();
            return ExitCodes.BAD_CONFIG;
        } catch (IllegalStateException e) {
            return fail(err, e.getMessage(), ExitCodes.UNAVAILABLE);
        }
        List<String> problems = ClusterConfigFit.problems(cluster, options);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(file + ": " + p));
            err.flush();
            return ExitCodes.BAD_CONFIG;
        }
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(options.database().jdbcUrl());
        database.setUser(options.database().user());
        if (options.database().password() != null) {
            database.setPassword(options.database().password());
        }
        database.setConnectTimeout(CONNECT_SECONDS);
        BootstrapReport report;
        try (Connection c = database.getConnection()) {
            report = new SchemaBootstrap(new ReplicationNames(options.region()), cluster.tables()).run(c);
            Fences.install(database, options.region(), cluster);
        } catch (SchemaBootstrapException e) {
            return fail(err, "region " + options.region() + ": " + e.getMessage(), ExitCodes.FAILED);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            boolean unreachable = state.startsWith("08") || state.startsWith("28") || state.startsWith("3D");
            return fail(
                    err,
                    "region " + options.region() + ": database "
                            + options.database().address() + ": " + PostgresTlsProblem.explain(e, options.database()),
                    unreachable ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED);
        } catch (RuntimeException e) {
            return fail(err, "region " + options.region() + ": " + e.getMessage(), ExitCodes.FAILED);
        }
        report.actions().forEach(a -> out.println("  " + a));
        cluster.tables().stream()
                .filter(t -> t.mode().fenced())
                .forEach(t -> out.println("  " + t.name() + ": write fence in place (owned, shard key "
                        + t.shardKey().orElseThrow() + ")"));
        if (report.changedNothing()) {
            out.println("  already up to date");
        }
        out.printf(
                "init result=ok region=%s tables=%d changes=%d schema_version=%d%n",
                options.region(), cluster.tables().size(), report.actions().size(), SchemaBootstrap.version());
        out.flush();
        return ExitCodes.OK;
    }

    /** Reads the cluster configuration as the daemon's identity, over TLS when the region file says so. */
    private static Optional<ClusterConfig> clusterConfig(DaemonOptions options, DaemonSecurity security) {
        CuratorFramework client;
        try {
            client = ZkClients.builder(
                            options.zooKeeper(),
                            security.zookeeperCredential(),
                            ClusterAcls.unknown(ZkPaths.forCluster(options.cluster())),
                            security.zookeeperTls())
                    .ensembleTracker(false)
                    .sessionTimeoutMs(10_000)
                    .connectionTimeoutMs(CONNECT_SECONDS * 1000)
                    .retryPolicy(new ExponentialBackoffRetry(200, 3))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        client.start();
        try {
            if (!client.blockUntilConnected(CONNECT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("cannot reach ZooKeeper at " + options.zooKeeper() + " within "
                        + CONNECT_SECONDS + " s; check zookeeper.connect");
            }
            return new ClusterConfigStore(client, ZkPaths.forCluster(options.cluster()))
                    .read()
                    .map(v -> v.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to ZooKeeper", e);
        } finally {
            client.close();
        }
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("tandem init: " + message);
        err.flush();
        return code;
    }
}
