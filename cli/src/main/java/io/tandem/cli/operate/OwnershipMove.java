package io.tandem.cli.operate;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tandem.cli.ExitCodes;
import io.tandem.controller.ClusterSnapshot;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.AccessDeniedException;
import io.tandem.controller.access.Role;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Verdict;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentKind;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.switchover.SwitchoverPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;

/**
 * Carries out an operator's switchover or failover: shows the topology and the plan, asks for
 * confirmation, writes the intent the controller leader executes, follows its transitions in the
 * audit trail, and reports the outcome with an exit code scripts can rely on.
 */
final class OwnershipMove {
    private static final Pattern WRITE_PAUSE = Pattern.compile("write pause (\\d+) ms");
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SLACK = Duration.ofSeconds(30);

    private final ClusterOptions cluster;
    private final PrintWriter out;
    private final BufferedReader in;

    /** @param in where the confirmation is read, or null when there is no terminal to ask */
    OwnershipMove(ClusterOptions cluster, PrintWriter out, BufferedReader in) {
        this.cluster = cluster;
        this.out = out;
        this.in = in;
    }

    /**
     * @param intent the request; its kind decides the plan shown
     * @param dryRun show the plan and eligibility only
     * @param confirmed skip the confirmation question
     * @return the exit code
     */
    int run(Intent intent, boolean dryRun, boolean confirmed) throws InterruptedException {
        try (Coordination zk = Coordination.connect(cluster)) {
            CuratorFramework client = zk.client();
            ZkPaths paths = cluster.paths();
            Topology before = zk.as(
                    Role.READER, "reading the cluster's topology", () -> Topology.read(client, paths, cluster.cluster));
            Ownership current = before.group(intent.group());
            if (!before.isMember(intent.target())) {
                throw new Topology.UnknownName("unknown region '" + intent.target() + "': not a member of cluster "
                        + cluster.cluster + "; members: "
                        + String.join(
                                ", ",
                                before.regions().stream().map(r -> r.region()).toList()));
            }
            if (text()) {
                before.print(out);
                out.println();
            }
            Decision plan =
                    zk.as(Role.READER, "reading the cluster's state", () -> plan(client, paths, intent, current));
            if (text()) {
                out.println(plan);
            }
            if (plan.is(Verdict.REFUSE)) {
                return finish(result(intent, "REFUSED", plan.reason(), current, current, List.of()), ExitCodes.REFUSED);
            }
            if (dryRun) {
                return finish(result(intent, "DRY_RUN", plan.reason(), current, current, List.of()), ExitCodes.OK);
            }
            if (!confirmed && !confirm(intent, current)) {
                return finish(
                        result(
                                intent,
                                "ABORTED",
                                "not confirmed; pass --yes to skip the question",
                                current,
                                current,
                                List.of()),
                        ExitCodes.FAILED);
            }
            AuditTrail audit = new AuditTrail(client, paths);
            long seen = zk.as(Role.READER, "reading the audit trail", () -> audit.read().stream()
                    .mapToLong(AuditEntry::sequence)
                    .max()
                    .orElse(-1));
            try {
                zk.as(
                        Role.OPERATOR,
                        "writing the " + intent.kind().name().toLowerCase(java.util.Locale.ROOT) + " intent for group "
                                + intent.group(),
                        () -> {
                            new IntentStore(client, paths).submit(intent);
                            return null;
                        });
            } catch (AccessDeniedException e) {
                return finish(
                        result(intent, "REFUSED", OperatorErrors.withHint(e), current, current, List.of()),
                        ExitCodes.REFUSED);
            } catch (RuntimeException e) {
                return finish(
                        result(intent, "REFUSED", e.getMessage(), current, current, List.of()), ExitCodes.REFUSED);
            }
            return follow(client, paths, intent, current, audit, seen);
        }
    }

    private Decision plan(CuratorFramework client, ZkPaths paths, Intent intent, Ownership current) {
        if (intent.kind() == IntentKind.SWITCHOVER) {
            var snapshot = new ClusterSnapshot(
                    new MembershipReader(client, paths).snapshot(), new OwnershipStore(client, paths).snapshot());
            return SwitchoverPlan.dryRun(intent.group(), intent.target(), snapshot);
        }
        if (current.owner().equals(intent.target())) {
            return Decision.refuse(
                    intent.target() + " already owns " + intent.group() + " at epoch " + current.epoch());
        }
        return Decision.noAction("plan: failover of " + intent.group() + " from " + current.owner() + " to "
                + intent.target() + " at epoch " + (current.epoch() + 1) + " without draining"
                + (intent.force() ? " (forced: lag limits are ignored)" : ""));
    }

    private boolean confirm(Intent intent, Ownership current) {
        if (in == null) {
            out.println("no terminal to ask for confirmation: pass --yes to proceed without asking");
            return false;
        }
        out.printf(
                "%s %s from %s to %s? [y/N] ",
                intent.kind().name().toLowerCase(java.util.Locale.ROOT),
                intent.group(),
                current.owner(),
                intent.target());
        out.flush();
        try {
            String answer = in.readLine();
            return answer != null && answer.trim().equalsIgnoreCase("y");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the confirmation", e);
        }
    }

    private int follow(
            CuratorFramework client, ZkPaths paths, Intent intent, Ownership before, AuditTrail audit, long seen)
            throws InterruptedException {
        Duration limit = intent.timeout().plus(SLACK);
        long deadline = System.nanoTime() + limit.toNanos();
        IntentStore intents = new IntentStore(client, paths);
        List<AuditEntry> transitions = new ArrayList<>();
        while (true) {
            for (AuditEntry e : audit.read()) {
                if (e.sequence() > seen
                        && (e.group().equals(intent.group()) || e.group().equals("*"))) {
                    seen = e.sequence();
                    transitions.add(e);
                    if (text()) {
                        out.printf("%s %s: %s%n", Instant.ofEpochMilli(e.at()), e.transition(), e.decision());
                        out.flush();
                    }
                }
            }
            boolean pending = intents.read(intent.group())
                    .map(v -> v.value().id().equals(intent.id()))
                    .orElse(false);
            if (!pending) {
                break;
            }
            if (System.nanoTime() > deadline) {
                Ownership now = new OwnershipStore(client, paths)
                        .read(intent.group())
                        .orElseThrow()
                        .value();
                return finish(
                        result(
                                intent,
                                "TIMED_OUT",
                                "the controller has not finished within " + limit.toSeconds()
                                        + " s: is a controller leader running? (tandem status)",
                                before,
                                now,
                                transitions),
                        ExitCodes.FAILED);
            }
            Thread.sleep(POLL.toMillis());
        }
        Ownership after = new OwnershipStore(client, paths)
                .read(intent.group())
                .orElseThrow()
                .value();
        if (text()) {
            out.println();
            Topology.read(client, paths, cluster.cluster).print(out);
            out.println();
        }
        boolean done = after.owner().equals(intent.target()) && after.state() == OwnershipState.ACTIVE;
        String last = transitions.isEmpty()
                ? ""
                : transitions.get(transitions.size() - 1).decision();
        String outcome = done
                ? "DONE"
                : transitions.stream().anyMatch(t -> t.transition().endsWith("ROLLED_BACK"))
                        ? "ROLLED_BACK"
                        : "REJECTED";
        return finish(
                result(intent, outcome, last, before, after, transitions), done ? ExitCodes.OK : ExitCodes.FAILED);
    }

    private MoveResult result(
            Intent intent,
            String outcome,
            String reason,
            Ownership before,
            Ownership after,
            List<AuditEntry> transitions) {
        long pause = -1;
        for (AuditEntry e : transitions) {
            Matcher m = WRITE_PAUSE.matcher(e.decision());
            if (m.find()) {
                pause = Long.parseLong(m.group(1));
            }
        }
        return new MoveResult(
                intent.kind().name().toLowerCase(java.util.Locale.ROOT),
                intent.group(),
                intent.target(),
                outcome,
                reason,
                pause,
                before,
                after,
                List.copyOf(transitions));
    }

    private int finish(MoveResult result, int exitCode) {
        if (text()) {
            out.printf(
                    "%s %s of %s to %s: %s%s%n",
                    result.kind(),
                    result.outcome(),
                    result.group(),
                    result.target(),
                    result.reason(),
                    result.writePauseMillis() >= 0 ? " (write pause " + result.writePauseMillis() + " ms)" : "");
        } else {
            try {
                out.println(JsonMapper.builder()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .build()
                        .writeValueAsString(result));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.flush();
        return exitCode;
    }

    private boolean text() {
        return cluster.output == OutputFormat.text;
    }
}
