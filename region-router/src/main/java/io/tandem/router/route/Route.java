package io.tandem.router.route;

import java.util.List;

/**
 * A routing answer.
 *
 * @param group the shard group the key belongs to
 * @param target the region to use and its endpoints
 * @param epoch the group's ownership epoch the answer was made at
 * @param stale whether the router answered from its last known map while cut off from ZooKeeper
 * @param retryLater whether the caller should wait and ask again; {@code reason} says why
 * @param reason empty when the route can be used now
 * @param alternatives for reads, further healthy regions nearest first; empty for writes
 * @param shard the key's shard with table routing, -1 with group routing
 * @param shards the table's shard count with table routing, 0 with group routing
 * @param mapVersion version of the routing map the answer came from
 */
public record Route(
        String group,
        Target target,
        long epoch,
        boolean stale,
        boolean retryLater,
        String reason,
        List<Target> alternatives,
        int shard,
        int shards,
        long mapVersion) {

    public Route {
        if (group == null || target == null) {
            throw new IllegalArgumentException("a route needs a group and a target");
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("route epoch " + epoch + " must be >= 1");
        }
        reason = reason == null ? "" : reason;
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        if (retryLater && reason.isEmpty()) {
            throw new IllegalArgumentException("a retry-later route must say why");
        }
    }

    public String region() {
        return target.region();
    }

    /** The target then the alternatives: the order in which to try regions. */
    public List<Target> candidates() {
        if (alternatives.isEmpty()) {
            return List.of(target);
        }
        var all = new java.util.ArrayList<Target>(alternatives.size() + 1);
        all.add(target);
        all.addAll(alternatives);
        return List.copyOf(all);
    }
}
