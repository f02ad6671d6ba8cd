package io.tandem.router.route;

import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import java.util.Map;

/**
 * An immutable snapshot of what the router routes by: each group's ownership and each live region's
 * membership (health, endpoints), as last seen in ZooKeeper. A new snapshot replaces the old one
 * atomically on every change; {@code version} rises by one per snapshot.
 *
 * @param version rises by one with every snapshot a source publishes
 * @param groups ownership by group
 * @param regions live members by region
 * @param stale whether the source has lost ZooKeeper and this is the last known map
 * @param staleSinceNanos monotonic time the source lost ZooKeeper, meaningful only when stale
 */
public record RoutingMap(
        long version,
        Map<String, Ownership> groups,
        Map<String, RegionMember> regions,
        boolean stale,
        long staleSinceNanos) {

    public static final RoutingMap EMPTY = new RoutingMap(0, Map.of(), Map.of(), false, 0);

    public RoutingMap {
        groups = Map.copyOf(groups);
        regions = Map.copyOf(regions);
    }

    /** The next snapshot with new content, same staleness. */
    public RoutingMap withContent(Map<String, Ownership> newGroups, Map<String, RegionMember> newRegions) {
        return new RoutingMap(version + 1, newGroups, newRegions, stale, staleSinceNanos);
    }

    /** The next snapshot with the same content and the given staleness. */
    public RoutingMap withStale(boolean value, long nowNanos) {
        if (value == stale) {
            return this;
        }
        return new RoutingMap(version + 1, groups, regions, value, value ? nowNanos : 0);
    }
}
