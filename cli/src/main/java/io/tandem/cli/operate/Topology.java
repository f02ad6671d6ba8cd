package io.tandem.cli.operate;

import io.tandem.cli.check.CheckSummary;
import io.tandem.cli.check.ConsistencyCheckStore;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipSnapshot;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;

/**
 * The cluster as an operator sees it: regions with health and catch-up, owners and epochs per
 * group, pending intents, the latest transitions and the latest consistency check. Read from
 * ZooKeeper in one go.
 */
record Topology(
        String cluster,
        List<RegionMember> regions,
        List<Ownership> groups,
        List<Intent> intents,
        List<AuditEntry> recent,
        List<CheckSummary> checks) {

    static final int RECENT = 10;

    static Topology read(CuratorFramework client, ZkPaths paths, String cluster) {
        MembershipSnapshot members = new MembershipReader(client, paths).snapshot();
        OwnershipSnapshot ownership = new OwnershipStore(client, paths).snapshot();
        List<Intent> intents = new IntentStore(client, paths)
                .pending().stream().map(Versioned::value).toList();
        List<AuditEntry> audit = new AuditTrail(client, paths).read();
        List<AuditEntry> recent = audit.subList(Math.max(0, audit.size() - RECENT), audit.size());
        List<CheckSummary> checks = new ConsistencyCheckStore(client, paths).latest(1, regions(client, paths, members));
        return new Topology(
                cluster,
                members.members().values().stream()
                        .sorted(java.util.Comparator.comparing(RegionMember::region))
                        .toList(),
                ownership.sorted().values().stream().map(Versioned::value).toList(),
                intents,
                List.copyOf(recent),
                checks);
    }

    /** The configured regions (a check waits for them all), or the members when no configuration is readable. */
    private static List<String> regions(CuratorFramework client, ZkPaths paths, MembershipSnapshot members) {
        try {
            var config = new ClusterConfigStore(client, paths).read();
            if (config.isPresent()) {
                return config.get().value().regions();
            }
        } catch (RuntimeException e) {
            // an invalid stored configuration: tandem config shows why; status still answers
        }
        return members.members().keySet().stream().sorted().toList();
    }

    Ownership group(String name) {
        return groups.stream()
                .filter(g -> g.group().equals(name))
                .findFirst()
                .orElseThrow(() -> new UnknownName("unknown group '" + name + "'; known groups: "
                        + (groups.isEmpty()
                                ? "(none)"
                                : String.join(
                                        ", ",
                                        groups.stream().map(Ownership::group).toList()))));
    }

    boolean isMember(String region) {
        return regions.stream().anyMatch(r -> r.region().equals(region));
    }

    void print(PrintWriter out) {
        out.printf("cluster %s%n%n", cluster);
        out.println("REGION        HEALTH      FENCED  APPLIED FROM (position, lag)");
        if (regions.isEmpty()) {
            out.println("(no region is a member: are the daemons running?)");
        }
        for (RegionMember r : regions) {
            StringBuilder applied = new StringBuilder();
            for (Map.Entry<String, io.tandem.controller.membership.Applied> e :
                    new java.util.TreeMap<>(r.applied()).entrySet()) {
                applied.append(e.getKey())
                        .append(" (")
                        .append(e.getValue().position())
                        .append(", ")
                        .append(e.getValue().lagMillis())
                        .append(" ms) ");
            }
            out.printf(
                    "%-13s %-11s %-7s %s%n",
                    r.region(),
                    r.health(),
                    r.selfFenced() ? "yes" : "no",
                    applied.toString().trim());
        }
        out.println();
        out.println("GROUP         OWNER         EPOCH  STATE");
        for (Ownership g : groups) {
            out.printf("%-13s %-13s %-6d %s%n", g.group(), g.owner(), g.epoch(), g.state());
        }
        if (!intents.isEmpty()) {
            out.println();
            out.println("PENDING");
            for (Intent i : intents) {
                out.printf(
                        "%s %s of %s to %s (requested by %s)%n",
                        i.id(), i.kind(), i.group(), i.target(), i.requestedBy());
            }
        }
        if (!recent.isEmpty()) {
            out.println();
            out.println("RECENT TRANSITIONS");
            for (AuditEntry e : recent) {
                out.printf("%s %s %s: %s%n", Instant.ofEpochMilli(e.at()), e.group(), e.transition(), e.decision());
            }
        }
        for (CheckSummary c : checks) {
            out.println();
            out.println("LATEST CONSISTENCY CHECK");
            out.printf("%s %s %s (%s)%n", c.requestedAt(), c.id(), c.state(), c.reason());
            if (!c.differingTables().isEmpty()) {
                out.printf(
                        "  differing tables: %s; list the rows with tandem verify, mend them with tandem repair%n",
                        String.join(", ", c.differingTables()));
            }
            if (!c.waitingFor().isEmpty()) {
                out.printf("  waiting for: %s%n", String.join(", ", c.waitingFor()));
            }
            c.problems().forEach(p -> out.printf("  note: %s%n", p));
        }
        out.flush();
    }

    /** A group or region name the cluster does not know. */
    static final class UnknownName extends RuntimeException {
        UnknownName(String message) {
            super(message);
        }
    }
}
