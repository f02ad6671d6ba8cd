package io.tandem.cli.operate;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tandem.cli.ExitCodes;
import io.tandem.cli.check.CheckVerdict;
import io.tandem.cli.check.ConsistencyCheck;
import io.tandem.cli.check.ConsistencyCheckStore;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.controller.access.Role;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.ownership.Versioned;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tandem check}: a cluster-wide consistency check run by the daemons themselves, each digesting
 * the replicated tables in its own database after catching up to the moment of the request, so the
 * operator needs no access to any database. Exit 0 when every table is the same everywhere, 1 when
 * one differs (narrow it down with {@code tandem verify}), 5 when a region did not answer in time.
 */
@Command(
        name = "check",
        description = "Ask every region's daemon to digest the replicated tables and compare the digests.")
public final class CheckCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(250);

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--wait",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long to wait for every region's answer (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(
            names = "--reason",
            defaultValue = "requested by an operator",
            description = "Why the check is run, stored with it (default: ${DEFAULT-VALUE}).")
    String reason;

    @Override
    public Integer call() throws Exception {
        if (wait.isNegative() || wait.isZero()) {
            throw new ParameterException(spec.commandLine(), "--wait " + wait + ": must be positive, e.g. 120s");
        }
        try (Coordination zk = Coordination.connect(cluster)) {
            ClusterConfig config = zk.as(Role.READER, "reading the cluster configuration", () -> new ClusterConfigStore(
                                    zk.client(), cluster.paths())
                            .read())
                    .map(Versioned::value)
                    .orElseThrow(() -> new OperatorErrors.Known(
                            "cluster " + cluster.cluster
                                    + " has no configuration yet; set one with tandem config set --file cluster.yaml",
                            ExitCodes.FAILED));
            ConsistencyCheckStore store = new ConsistencyCheckStore(zk.client(), cluster.paths());
            ConsistencyCheck request = ConsistencyCheck.at(
                    reason,
                    "operator",
                    System.currentTimeMillis(),
                    new MembershipReader(zk.client(), cluster.paths()).snapshot());
            String id = zk.as(Role.OPERATOR, "requesting a consistency check", () -> store.request(request));
            PrintWriter err = spec.commandLine().getErr();
            err.println("requested consistency check " + id + " (cut " + request.cut() + "); waiting up to "
                    + wait.toSeconds() + " s for " + config.regions());
            err.flush();
            CheckVerdict verdict = store.verdict(id, config.regions());
            long deadline = System.nanoTime() + wait.toNanos();
            while (verdict.state() == CheckVerdict.State.PENDING && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
                verdict = store.verdict(id, config.regions());
            }
            print(verdict);
            return switch (verdict.state()) {
                case CONSISTENT -> ExitCodes.OK;
                case DIFFERS -> ExitCodes.FAILED;
                case PENDING -> ExitCodes.UNAVAILABLE;
            };
        }
    }

    private void print(CheckVerdict verdict) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (cluster.output == OutputFormat.json) {
            out.println(JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build()
                    .writeValueAsString(verdict));
            out.flush();
            return;
        }
        verdict.differing().forEach((table, seen) -> {
            out.println(table + " differs:");
            seen.forEach((region, digest) -> out.printf("  %-12s %s%n", region, digest));
        });
        verdict.problems().forEach(p -> out.println("note: " + p));
        if (verdict.state() == CheckVerdict.State.DIFFERS) {
            out.println(
                    "rows written while the check ran can differ too; list the differing rows with"
                            + " tandem verify --table TABLE --key COLUMNS --db REGION=JDBC_URL ..., mend them with tandem repair");
        }
        if (verdict.state() == CheckVerdict.State.PENDING) {
            out.println("no answer from " + verdict.waitingFor() + ": is their daemon running and connected?");
        }
        out.println(verdict.summary());
        out.flush();
    }
}
