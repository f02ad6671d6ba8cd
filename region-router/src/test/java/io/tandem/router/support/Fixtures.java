package io.tandem.router.support;

import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.router.route.LatencyTable;
import io.tandem.router.route.RoutingConfig;
import io.tandem.router.route.RoutingMap;
import io.tandem.router.route.TableSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A three-region setup: us-east, us-west, eu-west; table orders (8 shards, groups orders-a, orders-b). */
public final class Fixtures {

    public static final List<String> REGIONS = List.of("us-east", "us-west", "eu-west");

    private Fixtures() {}

    public static RoutingConfig config() {
        return new RoutingConfig(
                List.of(new TableSpec("orders", 8, List.of("orders-a", "orders-b"))),
                List.of("inventory"),
                new LatencyTable(Map.of(
                        "us-east", List.of("us-east", "us-west", "eu-west"),
                        "us-west", List.of("us-west", "us-east", "eu-west"),
                        "eu-west", List.of("eu-west", "us-east", "us-west"))));
    }

    public static RegionMember member(String region, Health health) {
        return RegionMember.healthy(region, List.of("pg://" + region + ":5432", "grpc://" + region + ":7070"))
                .withHealth(health);
    }

    /** All three regions healthy; orders-a owned by us-east, orders-b by eu-west, inventory by us-west. */
    public static RoutingMap map() {
        Map<String, RegionMember> regions = new HashMap<>();
        REGIONS.forEach(r -> regions.put(r, member(r, Health.HEALTHY)));
        return RoutingMap.EMPTY.withContent(
                Map.of(
                        "orders-a", new Ownership("orders-a", "us-east", 3, OwnershipState.ACTIVE),
                        "orders-b", new Ownership("orders-b", "eu-west", 5, OwnershipState.ACTIVE),
                        "inventory", Ownership.initial("inventory", "us-west")),
                regions);
    }
}
