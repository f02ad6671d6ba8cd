package io.tandem.cli.daemon.status;

import io.tandem.cli.check.CheckSummary;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one daemon knows about the cluster at one instant: the data behind the status page and
 * {@code /api/status}. Immutable; built by the daemon from its controller participant, its appliers
 * and its database.
 *
 * @param cluster cluster name
 * @param region this daemon's region
 * @param at when the snapshot was taken
 * @param coordination ZooKeeper session state as the daemon sees it, e.g. CONNECTED or SUSPENDED
 * @param leader the region of the controller leader, or empty when unknown
 * @param regions every known region with its health
 * @param groups ownership per shard group
 * @param links replication links into this region with their lag
 * @param conflicts the most recent conflicts this region resolved, newest first
 * @param transitions the most recent ownership transitions, newest first
 * @param checks the most recent cluster-wide consistency checks ({@code tandem check}, or requested by a
 *     daemon whose capture found changes missing), newest first
 */
public record StatusSnapshot(
        String cluster,
        String region,
        Instant at,
        String coordination,
        String leader,
        List<RegionRow> regions,
        List<GroupRow> groups,
        List<LinkRow> links,
        List<ConflictRow> conflicts,
        List<TransitionRow> transitions,
        List<CheckSummary> checks) {

    public StatusSnapshot {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(at, "at");
        coordination = coordination == null ? "UNKNOWN" : coordination;
        leader = leader == null ? "" : leader;
        regions = List.copyOf(regions);
        groups = List.copyOf(groups);
        links = List.copyOf(links);
        conflicts = List.copyOf(conflicts);
        transitions = List.copyOf(transitions);
        checks = List.copyOf(checks);
    }

    /** A region as seen through its membership node. */
    public record RegionRow(String region, String health, boolean member, boolean selfFenced) {}

    /** Who owns a shard group, at which epoch and in which state. */
    public record GroupRow(String group, String owner, long epoch, String state) {}

    /** Replication from a source region into this one. */
    public record LinkRow(String source, String target, long lagMillis, long applied, long conflicts, boolean paused) {}

    /** One resolved conflict. */
    public record ConflictRow(Instant at, String table, String key, String policy, String winner) {}

    /** One ownership transition from the audit trail. */
    public record TransitionRow(Instant at, String group, String transition, String decision) {}
}
