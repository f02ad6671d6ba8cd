package io.tandem.router.route;

import io.tandem.controller.fence.ShardHash;
import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import java.util.ArrayList;
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
 * Thread-safe and allocation-light: it is called on every request.
 */
public final class Router {

    private final Map<String, TableSpec> tables;
    private final Set<String> configuredGroups;
    private final LatencyTable latency;

    public Router(RoutingConfig config) {
        this.tables = config.tablesByName();
        this.configuredGroups = config.knownGroups();
        this.latency = config.latency();
    }

    /**
     * @throws BadRequestException for an unknown table, group or client region
     * @throws NoRouteException when the group is configured but has no ownership record yet
     */
    public Route route(RoutingMap map, RouteRequest request) {
        List<String> nearest = latency.order(request.clientRegion());
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
        if (request.intent().needsOwner() || request.consistency().readsFromOwner()) {
            return toOwner(map, request.intent(), ownership, shard, shards);
        }
        List<Target> healthy = new ArrayList<>(nearest.size());
        for (String region : nearest) {
            RegionMember m = map.regions().get(region);
            if (m != null && m.health() == Health.HEALTHY) {
                healthy.add(new Target(region, m.endpoints()));
            }
        }
        if (healthy.isEmpty()) {
            return toOwner(map, request.intent(), ownership, shard, shards);
        }
        return new Route(
                group,
                healthy.get(0),
                ownership.epoch(),
                map.stale(),
                false,
                "",
                healthy.subList(1, healthy.size()),
                shard,
                shards,
                map.version());
    }

    private static Route toOwner(RoutingMap map, Intent intent, Ownership own, int shard, int shards) {
        RegionMember owner = map.regions().get(own.owner());
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
                new Target(own.owner(), owner == null ? List.of() : owner.endpoints()),
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
