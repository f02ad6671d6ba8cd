package io.tandem.bench.router;

import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.router.route.LatencyTable;
import io.tandem.router.route.RoutingConfig;
import io.tandem.router.route.RoutingMap;
import io.tandem.router.route.TableSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's setup: 3 regions, table orders with 256 shards in 8 groups, owners spread round-robin. */
final class BenchMap {

    static final List<String> REGIONS = List.of("us-east", "us-west", "eu-west");
    static final int GROUPS = 8;

    private BenchMap() {}

    static RoutingConfig config() {
        List<String> groups = java.util.stream.IntStream.range(0, GROUPS)
                .mapToObj(i -> "orders-" + i)
                .toList();
        Map<String, List<String>> latency = new HashMap<>();
        for (int i = 0; i < REGIONS.size(); i++) {
            List<String> order = new java.util.ArrayList<>(REGIONS);
            java.util.Collections.rotate(order, -i);
            latency.put(REGIONS.get(i), order);
        }
        return new RoutingConfig(List.of(new TableSpec("orders", 256, groups)), List.of(), new LatencyTable(latency));
    }

    static RoutingMap map() {
        Map<String, Ownership> owners = new HashMap<>();
        for (int i = 0; i < GROUPS; i++) {
            owners.put("orders-" + i, Ownership.initial("orders-" + i, REGIONS.get(i % REGIONS.size())));
        }
        Map<String, RegionMember> members = new HashMap<>();
        REGIONS.forEach(r -> members.put(r, RegionMember.healthy(r, List.of("pg://" + r + ":5432"))));
        return RoutingMap.EMPTY.withContent(owners, members);
    }
}
