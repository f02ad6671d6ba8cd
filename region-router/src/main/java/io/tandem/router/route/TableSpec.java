package io.tandem.router.route;

import io.tandem.controller.Names;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An owned table as the router sees it: its shard count and the groups its shards belong to.
 * Shards are split into contiguous, equal ranges in list order: with 8 shards and groups
 * {@code [a, b]}, shards 0-3 are in {@code a} and 4-7 in {@code b}. The database's
 * {@code tandem.shard_groups} must hold the same mapping: pass {@link #groupOfShard} to
 * {@code FenceSchema.mapShards}.
 */
public record TableSpec(String name, int shards, List<String> groups) {

    public TableSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("table name is required");
        }
        if (shards < 1) {
            throw new IllegalArgumentException("table " + name + ": shards must be >= 1, got " + shards);
        }
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("table " + name + ": list at least one group");
        }
        groups = List.copyOf(groups);
        groups.forEach(g -> Names.require("group of table " + name, g));
        if (groups.size() > shards) {
            throw new IllegalArgumentException("table " + name + ": " + groups.size() + " groups for " + shards
                    + " shards; a group needs at least one shard");
        }
    }

    /** The group that owns {@code shard}. */
    public String groupOfShard(int shard) {
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("table " + name + " has shards 0.." + (shards - 1) + ", not " + shard);
        }
        return groups.get(io.tandem.controller.fence.ShardHash.groupIndex(shard, shards, groups.size()));
    }

    /** {@link #groupOfShard} as a function, for {@code FenceSchema.mapShards}. */
    public IntFunction<String> shardToGroup() {
        return this::groupOfShard;
    }
}
