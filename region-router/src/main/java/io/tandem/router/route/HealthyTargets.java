package io.tandem.router.route;

import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.RegionMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What eventual reads and owner routes need from one routing-map snapshot, computed once per
 * snapshot rather than per request (maps change a few times a day, routes are asked all the time):
 * each live region as a {@link Target}, and for each client region of the latency table its HEALTHY
 * live regions nearest first.
 *
 * @param map the snapshot this was computed from
 * @param members a target per live region
 * @param nearestHealthy per client region of the latency table, its HEALTHY live regions
 */
record HealthyTargets(RoutingMap map, Map<String, Target> members, Map<String, Nearest> nearestHealthy) {

    /**
     * HEALTHY live regions nearest first.
     *
     * @param all every one, possibly none
     * @param alternatives all but the first (the alternatives of a read routed to the first)
     */
    record Nearest(List<Target> all, List<Target> alternatives) {

        static Nearest of(List<Target> healthy) {
            List<Target> all = List.copyOf(healthy);
            return new Nearest(all, all.isEmpty() ? List.of() : List.copyOf(all.subList(1, all.size())));
        }
    }

    static HealthyTargets of(RoutingMap map, LatencyTable latency) {
        Map<String, Target> members = new HashMap<>();
        map.regions().forEach((region, m) -> members.put(region, new Target(region, m.endpoints())));
        Map<String, Nearest> nearest = new HashMap<>();
        latency.nearest().forEach((client, order) -> {
            List<Target> healthy = new ArrayList<>(order.size());
            for (String region : order) {
                RegionMember m = map.regions().get(region);
                if (m != null && m.health() == Health.HEALTHY) {
                    healthy.add(members.get(region));
                }
            }
            nearest.put(client, Nearest.of(healthy));
        });
        return new HealthyTargets(map, Map.copyOf(members), Map.copyOf(nearest));
    }
}
