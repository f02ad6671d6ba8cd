package io.tandem.cli.cluster;

import io.tandem.replicator.config.TableSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The settings every region shares, kept in ZooKeeper ({@code /tandem/<cluster>/config}) so that one
 * {@code tandem config set} changes them in every daemon without a restart.
 *
 * @param regions the cluster's regions
 * @param tables the replicated tables
 * @param shards how many shards each owned table's rows hash into (fixed once rows exist)
 * @param groups the shard groups; shards are split among them in contiguous, equal ranges in list order
 */
public record ClusterConfig(List<String> regions, List<TableSpec> tables, int shards, List<GroupSpec> groups) {

    public ClusterConfig {
        regions = List.copyOf(Objects.requireNonNull(regions, "regions"));
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        if (regions.size() < 2) {
            throw new IllegalArgumentException("regions: list at least two regions, got " + regions);
        }
        if (new HashSet<>(regions).size() != regions.size()) {
            throw new IllegalArgumentException("regions: a region is listed twice in " + regions);
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("tables: list at least one replicated table");
        }
        Set<String> names = new HashSet<>();
        for (TableSpec t : tables) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tables: " + t.name() + " is listed twice");
            }
        }
        boolean owned = tables.stream().anyMatch(t -> t.mode().fenced());
        if (owned && groups.isEmpty()) {
            throw new IllegalArgumentException("groups: owned tables need at least one shard group");
        }
        if (shards < 1 || shards > 4096) {
            throw new IllegalArgumentException("shards: must be between 1 and 4096, got " + shards);
        }
        if (!groups.isEmpty() && shards < groups.size()) {
            throw new IllegalArgumentException(
                    "shards: " + shards + " shards cannot fill " + groups.size() + " groups; use at least as many");
        }
        Set<String> groupNames = new HashSet<>();
        for (GroupSpec g : groups) {
            if (!groupNames.add(g.name())) {
                throw new IllegalArgumentException("groups: " + g.name() + " is listed twice");
            }
            if (!regions.contains(g.initialOwner())) {
                throw new IllegalArgumentException("groups." + g.name() + ".owner: unknown region '" + g.initialOwner()
                        + "'; expected one of " + regions);
            }
        }
    }

    /** The group shard {@code shard} belongs to: the rule the router uses too ({@code ShardHash.groupIndex}). */
    public String groupOfShard(int shard) {
        return groups.get(io.tandem.controller.fence.ShardHash.groupIndex(shard, shards, groups.size()))
                .name();
    }

    public Optional<TableSpec> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Why {@code next} cannot replace this configuration while the cluster runs, or empty when it
     * can. Tables may be added and their policy or counters changed; what would move existing rows
     * between groups or change a table's identity (shards, groups, key, mode, shard key) may not, and
     * neither may a region or table be removed (its data and slots would be orphaned).
     */
    public List<String> whyNotReplaceableBy(ClusterConfig next) {
        List<String> problems = new ArrayList<>();
        if (next.shards != shards) {
            problems.add("shards: changing " + shards + " to " + next.shards + " would move rows between groups");
        }
        if (!next.groups.equals(groups)) {
            problems.add("groups: changing the group list would move rows between groups; it is fixed after"
                    + " the first `tandem config set`");
        }
        if (!next.regions.containsAll(regions)) {
            problems.add("regions: a running cluster cannot drop a region (" + regions + " -> " + next.regions + ")");
        }
        for (TableSpec old : tables) {
            Optional<TableSpec> now = next.table(old.name());
            if (now.isEmpty()) {
                problems.add("tables: " + old.name() + " cannot be removed from a running cluster");
                continue;
            }
            TableSpec t = now.get();
            if (!t.primaryKey().equals(old.primaryKey())
                    || t.mode() != old.mode()
                    || !t.shardKey().equals(old.shardKey())) {
                problems.add("tables." + old.name() + ": key, mode and shard-key are fixed; only policy and"
                        + " counters may change");
            }
        }
        return problems;
    }
}
