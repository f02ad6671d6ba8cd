package io.tandem.router.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.route.Intent;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.route.Router;
import io.tandem.router.route.RoutingMap;
import io.tandem.router.support.Fixtures;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The client against the real routing decision on a map the test changes (no network). */
class RouterClientTest {

    private final FixedRoutingMap map = new FixedRoutingMap(Fixtures.map());
    private final Router router = new Router(Fixtures.config());
    private final AtomicLong now = new AtomicLong();
    private final AtomicBoolean routerDown = new AtomicBoolean();
    private final RouteSource source = request -> {
        if (routerDown.get()) {
            throw new RouterUnavailableException("router down (test)", null);
        }
        return router.route(map.current(), request);
    };
    private final RouterClient client = new RouterClient(source, ClientOptions.defaults(), now::get);

    private void move(String group, String owner, long epoch, OwnershipState state) {
        RoutingMap m = map.current();
        var groups = new HashMap<>(m.groups());
        groups.put(group, new Ownership(group, owner, epoch, state));
        map.set(m.withContent(groups, m.regions()));
    }

    @Test
    void routesAreCachedPerGroupAndIntentAndKeysMapLocally() {
        RouteRequest write = RouteRequest.forTable("orders", "order-1", Intent.WRITE, "us-east");
        Route first = client.route(write);
        Route second = client.route(write);
        assertEquals(first, second);
        assertEquals(1, client.fetches());
        for (int i = 0; i < 200; i++) {
            client.route(RouteRequest.forTable("orders", "order-" + i, Intent.WRITE, "us-east"));
        }
        assertTrue(client.fetches() <= 9, "at most one fetch per shard (8) plus the first: " + client.fetches());
        client.route(RouteRequest.forTable("orders", "order-1", Intent.READ, "us-east"));
        assertEquals(client.fetches(), client.fetches(), "reads are cached under their own intent");
    }

    @Test
    void ttlExpiryAndEpochBumpRefresh() {
        RouteRequest write = RouteRequest.forGroup("orders-a", Intent.WRITE, "us-east");
        RouteRequest read = RouteRequest.forGroup("orders-a", Intent.READ, "us-east");
        assertEquals("us-east", client.route(write).region());
        client.route(read);
        long base = client.fetches();
        move("orders-a", "us-west", 4, OwnershipState.ACTIVE);
        assertEquals("us-east", client.route(write).region(), "cached until something says otherwise");
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertEquals(4, client.route(read).epoch(), "TTL expired: read refetched and sees epoch 4");
        assertEquals("us-west", client.route(write).region(), "the epoch bump dropped the cached write route");
        assertEquals(base + 2, client.fetches());
        client.observeEpoch("orders-a", 5);
        client.route(write);
        assertEquals(base + 3, client.fetches(), "an epoch reported by the application also drops the cache");
    }

    @Test
    void fencingErrorRefreshesAndTheRetryLandsOnTheNewOwner() {
        RouteRequest write = RouteRequest.forGroup("orders-a", Intent.WRITE, "eu-west");
        assertEquals("us-east", client.route(write).region());
        move("orders-a", "us-west", 4, OwnershipState.ACTIVE);
        List<String> tried = new CopyOnWriteArrayList<>();
        String result = client.call(write, (target, route) -> {
            tried.add(target.region());
            if (!target.region().equals("us-west")) {
                throw new SQLException("tandem: INSERT rejected: group orders-a is owned by us-west", "TD001");
            }
            return "ok@" + route.epoch();
        });
        assertEquals("ok@4", result);
        assertEquals(List.of("us-east", "us-west"), tried);
        assertEquals(1, client.fencings());
        assertTrue(client.reportError("orders-a", new RuntimeException(new SQLException("x", "TD001"))));
        assertFalse(client.reportError("orders-a", new SQLException("dup", "23505")));
    }

    @Test
    void readFailsOverToTheNextRegionAndTheBreakerOpens() {
        RouteRequest read = RouteRequest.forGroup("orders-b", Intent.READ, "us-west");
        AtomicLong usWestCalls = new AtomicLong();
        RegionCall<String> work = (target, route) -> {
            if (target.region().equals("us-west")) {
                usWestCalls.incrementAndGet();
                throw new IOException("connection refused (test)");
            }
            return target.region();
        };
        for (int i = 0; i < 10; i++) {
            assertEquals("us-east", client.call(read, work), "next nearest healthy region");
        }
        assertEquals(CircuitBreaker.State.OPEN, client.breakerState("us-west"));
        assertTrue(usWestCalls.get() < 10, "an open breaker skips us-west: " + usWestCalls.get() + " calls");
    }

    @Test
    void retriesAreBoundedAndApplicationErrorsAreNotRetried() {
        RouteRequest write = RouteRequest.forGroup("orders-a", Intent.WRITE, "us-east");
        AtomicLong calls = new AtomicLong();
        assertThrows(
                RegionUnavailableException.class,
                () -> client.call(write, (t, r) -> {
                    calls.incrementAndGet();
                    throw new IOException("down (test)");
                }));
        assertTrue(calls.get() <= 6, "at most maxAttempts calls: " + calls.get());
        AtomicLong appCalls = new AtomicLong();
        CallFailedException e = assertThrows(
                CallFailedException.class,
                () -> client.call(RouteRequest.forGroup("inventory", Intent.WRITE, "us-east"), (t, r) -> {
                    appCalls.incrementAndGet();
                    throw new SQLException("duplicate key", "23505");
                }));
        assertEquals(1, appCalls.get());
        assertTrue(e.getMessage().contains("duplicate key"));
        assertThrows(
                IllegalArgumentException.class,
                () -> client.route(RouteRequest.forGroup("ghost", Intent.WRITE, "us-east")));
    }

    @Test
    void drainingIsRetriedUntilTheNewOwnerIsActive() {
        RouteRequest write = RouteRequest.forGroup("inventory", Intent.WRITE, "us-east");
        move("inventory", "us-west", 2, OwnershipState.DRAINING);
        AtomicLong asked = new AtomicLong();
        RouterClient switching = new RouterClient(
                request -> {
                    if (asked.incrementAndGet() == 3) { // the switchover completes while the client retries
                        move("inventory", "eu-west", 3, OwnershipState.ACTIVE);
                    }
                    return router.route(map.current(), request);
                },
                ClientOptions.defaults(),
                now::get);
        List<String> regions = new CopyOnWriteArrayList<>();
        String region = switching.call(write, (t, r) -> {
            regions.add(t.region());
            return t.region();
        });
        assertEquals("eu-west", region);
        assertEquals(List.of("eu-west"), regions, "no write was sent while the group drained");
        assertEquals(3, asked.get());
        // Draining for every attempt: the bounded retry gives up with the router's reason.
        move("inventory", "eu-west", 4, OwnershipState.DRAINING);
        RouteNotReadyException e =
                assertThrows(RouteNotReadyException.class, () -> client.call(write, (t, r) -> "never"));
        assertTrue(e.getMessage().contains("DRAINING"), e.getMessage());
    }

    @Test
    void routerDownServesTheLastCachedRouteAsStale() {
        RouteRequest write = RouteRequest.forGroup("orders-b", Intent.WRITE, "us-east");
        client.route(write);
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        routerDown.set(true);
        Route r = client.route(write);
        assertTrue(r.stale());
        assertEquals("eu-west", r.region());
        assertThrows(
                RouterUnavailableException.class,
                () -> client.route(RouteRequest.forGroup("inventory", Intent.WRITE, "us-east")));
    }
}
