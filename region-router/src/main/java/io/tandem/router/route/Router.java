package io.tandem.router.route;

import io.tandem.controller.fence.ShardHash;
import io.tandem.controller.ownership.Ownership;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing decision, a pure function of the config, a map snapshot and a request:
 *
 * <ul>
 *   <li>a write goes to the group's owner; if the ownership state does not allow writes (DRAINING)
 *       or the owner is not a live member, the answer still names the owner but says retry later
 *       and why;
 *   <li>a read-your-writes read goes to the owner (DRAINING is fine for reads);
 *   <li>an eventual read goes to the nearest HEALTHY live region by the latency table, with the
 *       next healthy ones as alternatives; with none healthy it falls back to the owner.
 * </ul>
 *
 * Thread-safe and allocation-light: it is called on every request. The targets of each map snapshot
 * ({@link HealthyTargets}) are computed once, on the first request that sees the snapshot, so a
 * request costs the key's hash, a few lookups and the {@link Route} itself.
 */
public final class Router {

    private final Map<String, TableSpec> tables;
    private final Set<String> configuredGroups;
    private final LatencyTable latency;

    /** The last snapshot's targets; replaced when a request brings a newer snapshot (a benign race). */
    private volatile HealthyTargets targets;

    public Router(RoutingConfig config) {
        this.tables = config.tablesByName();
        this.configuredGroups = config.knownGroups();
        this.latency = config.latency();
        this.targets = HealthyTargets.of(RoutingMap.EMPTY, latency);
    }

    /**
     * @throws BadRequestException for an unknown table, group or client region
     * @throws NoRouteException when the group is configured but has no ownership record yet
     */
    public Route route(RoutingMap map, RouteRequest request) {
        latency.order(request.clientRegion()); // rejects an unknown client region
        String group;
        int shard = -1;
        int shards = 0;
        if (request.table() != null) {
            TableSpec table = tables.get(request.table());
            if (table == null) {
                throw new BadRequestException(
                        "table",
                        "unknown table '" + request.table() + "'; expected one of "
                                + new java.util.TreeSet<>(tables.keySet()));
            }
            shards = table.shards();
            shard = ShardHash.shardOf(request.key(), shards);
            group = table.groupOfShard(shard);
        } else {
            group = request.group();
        }
        Ownership ownership = map.groups().get(group);
        if (ownership == null) {
            if (configuredGroups.contains(group)) {
                throw new NoRouteException(
                        "group " + group + " has no owner in ZooKeeper yet; retry after `tandem init`"
                                + " or the controller has assigned one");
            }
            throw new BadRequestException(
                    "group",
                    "unknown group '" + group + "'; expected one of " + new java.util.TreeSet<>(configuredGroups));
        }
        HealthyTargets t = targetsOf(map);
        if (request.intent().needsOwner() || request.consistency().readsFromOwner()) {
            return toOwner(map, t, request.intent(), ownership, shard, shards);
        }
        HealthyTargets.Nearest healthy = t.nearestHealthy().get(request.clientRegion());
        if (healthy.all().isEmpty()) {
            return toOwner(map, t, request.intent(), ownership, shard, shards);
        }
        return new Route(
                group,
                healthy.all().get(0),
                ownership.epoch(),
                map.stale(),
                false,
                "",
                healthy.alternatives(),
                shard,
                shards,
                map.version());
    }

    private HealthyTargets targetsOf(RoutingMap map) {
        HealthyTargets t = targets;
        if (t.map() != map) {
            t = HealthyTargets.of(map, latency);
            targets = t;
        }
        return t;
    }

    private static Route toOwner(
            RoutingMap map, HealthyTargets targets, Intent intent, Ownership own, int shard, int shards) {
        Target owner = targets.members().get(own.owner());
        String reason = "";
        if (owner == null) {
            reason = "owner region " + own.owner() + " of group " + own.group()
                    + " is not a live member (failover may be under way): wait and retry";
        } else if (intent == Intent.WRITE && !own.state().writable()) {
            reason = "group " + own.group() + " is " + own.state() + " at epoch " + own.epoch()
                    + " (ownership is moving): wait and retry";
        }
        return new Route(
                own.group(),
                owner == null ? new Target(own.owner(), List.of()) : owner,
                own.epoch(),
                map.stale(),
                !reason.isEmpty(),
                reason,
                List.of(),
                shard,
                shards,
                map.version());
    }
}
