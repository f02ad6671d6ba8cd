package io.tandem.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tandem} command. Subcommands are added as the modules behind them land. */
@Command(
        name = "tandem",
        mixinStandardHelpOptions = true,
        versionProvider = TandemVersion.class,
        description = "Active-active PostgreSQL across regions: replication, conflict resolution, failover.",
        subcommands = {CommandLine.HelpCommand.class, ConfigCommand.class, VerifyCommand.class})
public final class TandemCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return new CommandLine(new TandemCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
