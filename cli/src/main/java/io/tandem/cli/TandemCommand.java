package io.tandem.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tandem} command. Subcommands are added as the modules behind them land. */
@Command(
        name = "tandem",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = TandemVersion.class,
        description = "Active-active PostgreSQL across regions: replication, conflict resolution, failover.",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.tandem.cli.operate.StatusCommand.class,
            io.tandem.cli.operate.SwitchoverCommand.class,
            io.tandem.cli.operate.FailoverCommand.class,
            io.tandem.cli.operate.CheckCommand.class,
            VerifyCommand.class,
            RepairCommand.class,
            io.tandem.cli.daemon.InitCommand.class,
            ConfigCommand.class,
            io.tandem.cli.daemon.DaemonCommand.class,
            io.tandem.cli.demo.DemoCommand.class
        })
public final class TandemCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TandemCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof io.tandem.cli.operate.OperatorErrors.Known known) {
                commandLine.getErr().println("tandem " + commandLine.getCommandName() + ": " + known.getMessage());
                commandLine.getErr().flush();
                return known.exitCode();
            }
            var mapped = io.tandem.cli.operate.OperatorErrors.map(e);
            if (mapped != null) {
                commandLine.getErr().println("tandem " + commandLine.getCommandName() + ": " + mapped.getMessage());
                commandLine.getErr().flush();
                return mapped.exitCode();
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
