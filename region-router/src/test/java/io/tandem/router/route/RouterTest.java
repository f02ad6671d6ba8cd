package io.tandem.router.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.fence.ShardHash;
import io.tandem.controller.membership.Health;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.router.support.Fixtures;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router(Fixtures.config());

    private static String keyInGroup(String group) {
        TableSpec orders = Fixtures.config().tables().get(0);
        for (int i = 0; ; i++) {
            String key = "order-" + i;
            if (orders.groupOfShard(ShardHash.shardOf(key, 8)).equals(group)) {
                return key;
            }
        }
    }

    @Test
    void writeGoesToTheOwnerOfTheKeysGroupWithItsEpoch() {
        String key = keyInGroup("orders-b");
        Route r = router.route(Fixtures.map(), RouteRequest.forTable("orders", key, Intent.WRITE, "us-east"));
        assertEquals("eu-west", r.region());
        assertEquals("orders-b", r.group());
        assertEquals(5, r.epoch());
        assertEquals(ShardHash.shardOf(key, 8), r.shard());
        assertEquals(8, r.shards());
        assertFalse(r.retryLater());
        assertFalse(r.stale());
        assertTrue(r.alternatives().isEmpty(), "writes have no alternative region");
        assertEquals(
                List.of("pg://eu-west:5432", "grpc://eu-west:7070"), r.target().endpoints());
    }

    @Test
    void eventualReadGoesToTheNearestHealthyRegionWithTheRestAsAlternatives() {
        Route r = router.route(Fixtures.map(), RouteRequest.forGroup("orders-b", Intent.READ, "us-west"));
        assertEquals("us-west", r.region());
        assertEquals(
                List.of("us-east", "eu-west"),
                r.alternatives().stream().map(Target::region).toList());
    }

    @Test
    void readSkipsUnhealthyAndAbsentRegions() {
        RoutingMap base = Fixtures.map();
        var regions = new HashMap<>(base.regions());
        regions.put("us-west", Fixtures.member("us-west", Health.DEGRADED));
        regions.remove("us-east");
        Route r = router.route(
                base.withContent(base.groups(), regions), RouteRequest.forGroup("orders-a", Intent.READ, "us-west"));
        assertEquals("eu-west", r.region());
        assertTrue(r.alternatives().isEmpty());
    }

    @Test
    void readYourWritesGoesToTheOwner() {
        Route r = router.route(
                Fixtures.map(),
                RouteRequest.forGroup("orders-b", Intent.READ, "us-west")
                        .withConsistency(Consistency.READ_YOUR_WRITES));
        assertEquals("eu-west", r.region());
        assertFalse(r.retryLater());
    }

    @Test
    void drainingGroupNamesTheOwnerButSaysWaitForWritesOnly() {
        RoutingMap base = Fixtures.map();
        var groups = new HashMap<>(base.groups());
        groups.put("orders-a", new Ownership("orders-a", "us-east", 4, OwnershipState.DRAINING));
        RoutingMap map = base.withContent(groups, base.regions());
        Route w = router.route(map, RouteRequest.forGroup("orders-a", Intent.WRITE, "eu-west"));
        assertEquals("us-east", w.region());
        assertEquals(4, w.epoch());
        assertTrue(w.retryLater());
        assertTrue(w.reason().contains("DRAINING at epoch 4"), w.reason());
        Route ryw = router.route(
                map,
                RouteRequest.forGroup("orders-a", Intent.READ, "eu-west")
                        .withConsistency(Consistency.READ_YOUR_WRITES));
        assertFalse(ryw.retryLater(), "the draining owner still serves reads");
    }

    @Test
    void writeToAnOwnerThatIsNotLiveSaysWait() {
        RoutingMap base = Fixtures.map();
        var regions = new HashMap<>(base.regions());
        regions.remove("us-east");
        Route r = router.route(
                base.withContent(base.groups(), regions), RouteRequest.forGroup("orders-a", Intent.WRITE, "eu-west"));
        assertEquals("us-east", r.region());
        assertTrue(r.retryLater());
        assertTrue(r.reason().contains("not a live member"), r.reason());
    }

    @Test
    void staleMapMarksTheAnswer() {
        Route r = router.route(
                Fixtures.map().withStale(true, 1), RouteRequest.forGroup("inventory", Intent.WRITE, "us-east"));
        assertTrue(r.stale());
        assertEquals("us-west", r.region());
    }

    @Test
    void badInputNamesTheFieldAndWhatWasExpected() {
        RoutingMap map = Fixtures.map();
        var table = assertThrows(
                BadRequestException.class,
                () -> router.route(map, RouteRequest.forTable("payments", "k", Intent.WRITE, "us-east")));
        assertEquals("table", table.field());
        assertTrue(table.getMessage().contains("expected one of [orders]"), table.getMessage());
        var group = assertThrows(
                BadRequestException.class,
                () -> router.route(map, RouteRequest.forGroup("nope", Intent.WRITE, "us-east")));
        assertEquals("group", group.field());
        var region = assertThrows(
                BadRequestException.class,
                () -> router.route(map, RouteRequest.forGroup("orders-a", Intent.WRITE, "mars-1")));
        assertEquals("client_region", region.field());
        assertEquals(
                "key",
                assertThrows(
                                BadRequestException.class,
                                () -> RouteRequest.forTable("orders", "", Intent.WRITE, "us-east"))
                        .field());
        var big = assertThrows(
                BadRequestException.class,
                () -> RouteRequest.forTable("orders", "x".repeat(1025), Intent.WRITE, "us-east"));
        assertTrue(big.getMessage().contains("at most 1024"), big.getMessage());
        assertEquals(
                "intent",
                assertThrows(
                                BadRequestException.class,
                                () -> new RouteRequest("k", null, "orders", null, "us-east", null))
                        .field());
    }

    @Test
    void configuredGroupWithoutOwnerIsUnavailableNotInvalid() {
        assertThrows(
                NoRouteException.class,
                () -> router.route(RoutingMap.EMPTY, RouteRequest.forGroup("inventory", Intent.WRITE, "us-east")));
    }

    @Test
    void shardsSplitIntoContiguousRangesPerGroup() {
        TableSpec t = new TableSpec("t", 8, List.of("a", "b"));
        assertEquals(
                List.of("a", "a", "a", "a", "b", "b", "b", "b"),
                java.util.stream.IntStream.range(0, 8).mapToObj(t::groupOfShard).toList());
        assertThrows(IllegalArgumentException.class, () -> new TableSpec("t", 1, List.of("a", "b")));
    }
}
