package io.tandem.cli.operate;

import io.tandem.controller.intent.Intent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem switchover --group G --to R}: a planned move of write ownership with no data loss.
 * Exit 0 done (or dry run eligible), 1 rolled back / rejected / aborted, 2 bad usage or unknown
 * name, 4 refused by a safety rule, 5 ZooKeeper unreachable.
 */
@Command(
        name = "switchover",
        description =
                "Move write ownership of a group to another region with no data loss (fence, catch up, hand over).")
public final class SwitchoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    MoveOptions move;

    @Option(names = "--dry-run", description = "Show the plan and whether the target is eligible; change nothing.")
    boolean dryRun;

    @Option(
            names = "--timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Roll back if not handed over within this time (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        Intent intent = Intent.switchover(
                UUID.randomUUID().toString(),
                move.group,
                move.target,
                timeout,
                System.currentTimeMillis(),
                requester());
        return new OwnershipMove(cluster, spec.commandLine().getOut(), stdin()).run(intent, dryRun, move.yes);
    }

    static String requester() {
        return "cli:" + System.getProperty("user.name", "operator");
    }

    /** The terminal to ask for confirmation, or null when there is none (a script never hangs on a question). */
    static BufferedReader stdin() {
        return System.console() == null
                ? null
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
}
