package io.tandem.router.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.MembershipNode;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import io.tandem.router.RegionRouter;
import io.tandem.router.map.ZkRoutingMap;
import io.tandem.router.route.Intent;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Integration;
import io.tandem.router.support.Routers;
import io.tandem.router.support.Zk;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

/**
 * Three regions, a real ZooKeeper, a router over gRPC and the Java client: writers keep writing
 * group orders-a while the test switches its owner us-east → eu-west the way the controller does
 * (CAS to DRAINING at epoch 2, then eu-west ACTIVE at epoch 3), keeping each region's database fence
 * in step. The "databases" are in-memory stand-ins applying the fence trigger's rule
 * ({@link Ownership#writableBy}) and raising SQLSTATE TD001 like it.
 *
 * <p>Bound: at most {@value #WRITERS} writes (one per writer) may fail to the application across
 * the switch; in practice none does, because TD001 and DRAINING answers are retried.
 */
class WritesAcrossSwitchoverIntegrationTest {

    private static final int WRITERS = 4;
    private static final String GROUP = "orders-a";

    /** The fence table of every region's database, kept in step with ZooKeeper by the test. */
    private final AtomicReference<Ownership> fence = new AtomicReference<>();

    private final Map<String, LongAdder> acceptedByRegion = new ConcurrentHashMap<>();
    private final Map<Long, String> writerOfEpoch = new ConcurrentHashMap<>();
    private final List<String> singleWriterViolations = java.util.Collections.synchronizedList(new ArrayList<>());

    private long write(String region) throws SQLException {
        Ownership own = fence.get();
        if (!own.writableBy(region)) {
            throw new SQLException(
                    "tandem: INSERT rejected: group " + GROUP + " is owned by " + own.owner() + " at epoch "
                            + own.epoch() + " (state " + own.state() + "); local region is " + region,
                    "TD001");
        }
        String previous = writerOfEpoch.putIfAbsent(own.epoch(), region);
        if (previous != null && !previous.equals(region)) {
            singleWriterViolations.add("epoch " + own.epoch() + ": " + previous + " and " + region);
        }
        acceptedByRegion.computeIfAbsent(region, r -> new LongAdder()).increment();
        return own.epoch();
    }

    private long accepted(String region) {
        LongAdder a = acceptedByRegion.get(region);
        return a == null ? 0 : a.sum();
    }

    @Test
    void writesKeepFlowingAcrossAnOwnershipSwitchWithBoundedErrors() throws Exception {
        Integration.assumeEnabled();
        ZkPaths paths = ZkPaths.forCluster("test");
        List<AutoCloseable> closeables = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (Zk zk = Zk.start()) {
            try {
                CuratorFramework controller = zk.client(10_000);
                OwnershipStore store = new OwnershipStore(controller, paths);
                Versioned<Ownership> v1 = store.create(Ownership.initial(GROUP, "us-east"));
                fence.set(v1.value());
                for (String region : Fixtures.REGIONS) {
                    MembershipNode node =
                            new MembershipNode(controller, paths, Fixtures.member(region, Health.HEALTHY));
                    node.start();
                    closeables.add(node);
                }
                ZkRoutingMap map = new ZkRoutingMap(zk.client(10_000), paths, MonotonicClock.system());
                map.start();
                closeables.add(map);
                RegionRouter router = Routers.start(map, 0);
                closeables.add(router);
                ManagedChannel channel = Routers.channel(router.grpcPort());
                closeables.add(channel::shutdownNow);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> map.current().regions().size() == 3);

                AtomicLong drainingAnswers = new AtomicLong();
                GrpcRouteSource grpc = new GrpcRouteSource(channel, "writers", Duration.ofSeconds(1));
                RouteSource counting = request -> {
                    Route r = grpc.fetch(request);
                    if (r.retryLater()) {
                        drainingAnswers.incrementAndGet();
                    }
                    return r;
                };
                RouterClient client = new RouterClient(counting, ClientOptions.defaults(), MonotonicClock.system());
                AtomicBoolean stop = new AtomicBoolean();
                LongAdder appErrors = new LongAdder();
                List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String clientRegion = Fixtures.REGIONS.get(w % 3);
                    writers.add(pool.submit(() -> {
                        RouteRequest req = RouteRequest.forGroup(GROUP, Intent.WRITE, clientRegion);
                        while (!stop.get()) {
                            try {
                                client.call(req, (target, route) -> write(target.region()));
                            } catch (RuntimeException e) {
                                appErrors.increment();
                                errors.add(e);
                            }
                        }
                    }));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> accepted("us-east") >= 200);

                // Switchover, as the controller does it: fence the owner (DRAINING, new epoch) ...
                Versioned<Ownership> v2 = store.compareAndSet(v1, v1.value().next("us-east", OwnershipState.DRAINING));
                fence.set(v2.value());
                await().atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(2))
                        .until(() -> drainingAnswers.get() >= 1);
                // ... then hand it to eu-west (ACTIVE, next epoch); every database's fence follows.
                Versioned<Ownership> v3 = store.compareAndSet(v2, v2.value().next("eu-west", OwnershipState.ACTIVE));
                fence.set(v3.value());
                await().atMost(Duration.ofSeconds(10)).until(() -> accepted("eu-west") >= 200);
                stop.set(true);
                for (Future<?> f : writers) {
                    f.get(10, TimeUnit.SECONDS);
                }

                System.out.printf(
                        "switchover under load: us-east=%d eu-west=%d app-errors=%d TD001-seen=%d draining-answers=%d fetches=%d%n",
                        accepted("us-east"),
                        accepted("eu-west"),
                        appErrors.sum(),
                        client.fencings(),
                        drainingAnswers.get(),
                        client.fetches());
                assertTrue(appErrors.sum() <= WRITERS, "at most one error per writer across the switch: " + errors);
                assertEquals(List.of(), singleWriterViolations, "never two writers in one epoch");
                assertEquals(null, writerOfEpoch.get(2L), "nothing was written while the group drained");
                assertEquals("us-east", writerOfEpoch.get(1L));
                assertEquals("eu-west", writerOfEpoch.get(3L));
                assertEquals(0, accepted("us-west"));
            } finally { // before the ZooKeeper server goes
                pool.shutdownNow();
                for (int i = closeables.size() - 1; i >= 0; i--) {
                    closeables.get(i).close();
                }
            }
        }
    }
}
