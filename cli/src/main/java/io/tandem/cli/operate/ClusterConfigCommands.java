package io.tandem.cli.operate;

import io.tandem.cli.ExitCodes;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.cli.config.ConfigException;
import io.tandem.controller.ownership.Versioned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem config get|set}: the cluster-wide configuration kept in ZooKeeper. */
public final class ClusterConfigCommands {
    private ClusterConfigCommands() {}

    @Command(name = "get", description = "Print the cluster configuration stored in ZooKeeper (JSON, also valid YAML).")
    public static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            try (Coordination zk = Coordination.connect(cluster.zookeeper)) {
                ClusterConfigStore store = new ClusterConfigStore(zk.client(), cluster.paths());
                Optional<Versioned<ClusterConfig>> stored = store.read();
                if (stored.isEmpty()) {
                    spec.commandLine()
                            .getErr()
                            .println("tandem config get: cluster " + cluster.cluster + " has no configuration at "
                                    + store.path() + "; store one with `tandem config set --file cluster.yaml`");
                    return ExitCodes.FAILED;
                }
                spec.commandLine()
                        .getOut()
                        .println(ClusterConfigCodec.toJson(stored.get().value()));
                return ExitCodes.OK;
            } catch (ConfigException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println(p.describe()));
                return ExitCodes.BAD_CONFIG;
            }
        }
    }

    @Command(
            name = "set",
            description = "Validate a cluster configuration file and store it in ZooKeeper; every daemon applies it"
                    + " without a restart.")
    public static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Option(
                names = "--file",
                required = true,
                paramLabel = "FILE",
                description = "The cluster's YAML or JSON file.")
        Path file;

        @Option(names = "--dry-run", description = "Validate only; store nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            try {
                ClusterConfig config = ClusterConfigCodec.parse(read(file), file.toString());
                if (dryRun) {
                    out.println(file + ": ok (" + config.tables().size() + " tables, "
                            + config.groups().size() + " groups, "
                            + config.regions().size() + " regions); not stored (--dry-run)");
                    return ExitCodes.OK;
                }
                try (Coordination zk = Coordination.connect(cluster.zookeeper)) {
                    ClusterConfigStore store = new ClusterConfigStore(zk.client(), cluster.paths());
                    Versioned<ClusterConfig> stored = store.set(config);
                    out.println("stored " + file + " at " + store.path() + " (node version " + stored.version()
                            + "); daemons apply it now");
                    return ExitCodes.OK;
                }
            } catch (ConfigException e) {
                e.problems().forEach(p -> err.println(p.describe()));
                return ExitCodes.BAD_CONFIG;
            } catch (IllegalStateException e) {
                err.println("tandem config set: " + e.getMessage());
                return ExitCodes.FAILED;
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new ConfigException(
                        List.of(new ConfigException.Problem("(file)", file.toString(), "no such file")));
            } catch (IOException e) {
                throw new ConfigException(List.of(
                        new ConfigException.Problem("(file)", file.toString(), "cannot read: " + e.getMessage())));
            }
        }
    }
}
