package io.tandem.router.map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.membership.MembershipNode;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import io.tandem.router.RegionRouter;
import io.tandem.router.grpc.v1.Intent;
import io.tandem.router.grpc.v1.RouteReply;
import io.tandem.router.grpc.v1.RouteRequest;
import io.tandem.router.grpc.v1.RouterGrpc;
import io.tandem.router.log.LogContext;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Integration;
import io.tandem.router.support.Routers;
import io.tandem.router.support.Zk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A router fed by a real ZooKeeper, asked over gRPC on loopback. */
class ZkRoutingMapIntegrationTest {

    private final ZkPaths paths = ZkPaths.forCluster("test");
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Zk zk;
    private OwnershipStore writer;
    private ZkRoutingMap map;
    private RouterGrpc.RouterBlockingStub stub;
    private RegionRouter router;
    private CuratorFramework controller;

    @BeforeEach
    void start() throws Exception {
        Integration.assumeEnabled();
        zk = Zk.start();
        controller = zk.client(10_000);
        writer = new OwnershipStore(controller, paths);
        writer.create(Ownership.initial("orders-a", "us-east"));
        for (String region : Fixtures.REGIONS) {
            MembershipNode node = new MembershipNode(
                    controller, paths, Fixtures.member(region, io.tandem.controller.membership.Health.HEALTHY));
            node.start();
            closeables.add(node);
        }
        map = new ZkRoutingMap(
                zk.client(10_000), paths, MonotonicClock.system(), new LogContext("us-east", "routing-map"));
        map.start();
        closeables.add(map);
        assertTrue(map.awaitInitialized(Duration.ofSeconds(10)), "caches load");
        router = Routers.start(map, 0);
        closeables.add(router);
        ManagedChannel channel = Routers.channel(router.grpcPort());
        closeables.add(channel::shutdownNow);
        stub = Routers.stub(channel, "it");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> map.current().regions().size() == 3);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    private RouteReply write() {
        return stub.route(RouteRequest.newBuilder()
                .setGroup("orders-a")
                .setIntent(Intent.WRITE)
                .setClientRegion("eu-west")
                .build());
    }

    @Test
    void ownershipChangeWrittenByTheControllerShowsInRoutesWithinOneWatchRoundTrip() {
        assertEquals("us-east", write().getRegion());
        Versioned<Ownership> v1 = writer.read("orders-a").orElseThrow();
        Versioned<Ownership> v2 = writer.compareAndSet(v1, v1.value().next("us-east", OwnershipState.DRAINING));
        await().atMost(Duration.ofMillis(500)).untilAsserted(() -> {
            RouteReply r = write();
            assertEquals(2, r.getEpoch());
            assertTrue(r.getRetryLater(), "DRAINING: wait and retry");
        });
        writer.compareAndSet(v2, v2.value().next("eu-west", OwnershipState.ACTIVE));
        await().atMost(Duration.ofMillis(500)).untilAsserted(() -> {
            RouteReply r = write();
            assertEquals("eu-west", r.getRegion());
            assertEquals(3, r.getEpoch());
            assertFalse(r.getRetryLater());
        });
    }

    @Test
    void anUnreadableOwnershipNodeKeepsItsLastGoodValue() throws Exception {
        Versioned<Ownership> v1 = writer.read("orders-a").orElseThrow();
        controller.setData().forPath(paths.ownership("orders-a"), "{not json".getBytes(StandardCharsets.UTF_8));
        writer.create(Ownership.initial("inventory", "us-west"));
        await().atMost(Duration.ofSeconds(2)).until(() -> map.current().groups().containsKey("inventory"));
        RouteReply r = write();
        assertEquals("us-east", r.getRegion());
        assertEquals(v1.value().epoch(), r.getEpoch());
    }

    @Test
    void withoutZooKeeperItKeepsAnsweringStaleAndCatchesUpWhenItReturns() throws Exception {
        assertFalse(write().getStale());
        zk.server().stop();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            RouteReply r = write();
            assertTrue(r.getStale(), "answers from the last known map are marked stale");
            assertEquals("us-east", r.getRegion());
            assertEquals(1, r.getEpoch());
        });
        String metrics = router.registry().scrape();
        assertTrue(metrics.matches("(?s).*tandem_router_stale_answers_total [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*tandem_router_map_stale_seconds [0-9.E-]+\\n.*"), metrics);
        zk.server().restart();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertFalse(write().getStale()));
        Versioned<Ownership> v1 = writer.read("orders-a").orElseThrow();
        writer.compareAndSet(v1, v1.value().next("us-west", OwnershipState.ACTIVE));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            RouteReply r = write();
            assertEquals("us-west", r.getRegion());
            assertFalse(r.getStale());
        });
    }
}
