package io.tandem.cli;

import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.cli.config.ReferenceDoc;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem config}: check a region file, print the configuration reference. */
@Command(
        name = "config",
        description = "Check a daemon configuration file, print the configuration reference, or read and change"
                + " the cluster-wide configuration in ZooKeeper.",
        subcommands = {
            ConfigCommand.Check.class,
            ConfigCommand.Reference.class,
            io.tandem.cli.operate.ClusterConfigCommands.Get.class,
            io.tandem.cli.operate.ClusterConfigCommands.Set.class
        })
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", description = "Validate a region.yaml and list every problem with its key.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The region's YAML file.")
        Path file;

        @Override
        public Integer call() {
            try {
                new ConfigLoader(DaemonSettings.CATALOG, System::getenv).load(file);
                spec.commandLine().getOut().println(file + ": ok");
                return ExitCodes.OK;
            } catch (ConfigException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println(p.describe()));
                return ExitCodes.BAD_CONFIG;
            }
        }
    }

    @Command(name = "reference", description = "Print the configuration reference (Markdown).")
    static final class Reference implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            out.print(ReferenceDoc.render(DaemonSettings.CATALOG));
            out.flush();
        }
    }
}
