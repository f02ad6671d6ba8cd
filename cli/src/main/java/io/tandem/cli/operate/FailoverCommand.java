package io.tandem.cli.operate;

import io.tandem.controller.intent.Intent;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem failover --group G --to R --force}: move ownership now, without draining the current
 * owner (for an owner that is gone). Changes not yet applied at the target are lost up to what the
 * RPO report lists. Exit codes as for switchover.
 */
@Command(
        name = "failover",
        description = "Move write ownership of a group now, without draining its owner (the owner is gone).")
public final class FailoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    MoveOptions move;

    @Option(names = "--force", description = "Promote even beyond the maximum lag (changes not yet applied are lost).")
    boolean force;

    @Override
    public Integer call() throws InterruptedException {
        Intent intent = Intent.failover(
                UUID.randomUUID().toString(),
                move.group,
                move.target,
                force,
                System.currentTimeMillis(),
                SwitchoverCommand.requester());
        return new OwnershipMove(cluster, spec.commandLine().getOut(), SwitchoverCommand.stdin())
                .run(intent, false, move.yes);
    }
}
