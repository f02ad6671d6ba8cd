package io.tandem.router.client;

import static io.tandem.router.route.Intent.WRITE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.controller.Controller;
import io.tandem.controller.ControllerMetrics;
import io.tandem.controller.ControllerSettings;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.RegionParticipant;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.switchover.AppliedPositions;
import io.tandem.controller.switchover.SourcePosition;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.router.RegionRouter;
import io.tandem.router.log.LogContext;
import io.tandem.router.map.ZkRoutingMap;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Integration;
import io.tandem.router.support.RegionDatabase;
import io.tandem.router.support.RegionDatabase.Row;
import io.tandem.router.support.Routers;
import io.tandem.router.support.Zk;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three regions, each with its own database (one real PostgreSQL, three databases) carrying the
 * controller's fence, its real {@link RegionParticipant} keeping that fence in step with a real
 * ZooKeeper, a real {@link Controller}, the router over gRPC and the Java client. Four writers insert
 * rows of group orders-a wherever the client routes them (a local write: the fence trigger decides,
 * and its TD001 makes the client refresh) while an operator's switchover intent moves orders-a
 * us-east → eu-west. The controller fences us-east (DRAINING, epoch 2), waits for us-east's database
 * to enforce it, records us-east's WAL position, waits for eu-west to have applied up to it (the
 * test's {@link AppliedPositions} copies us-east's rows into eu-west's database under
 * {@code tandem.apply}, as the replicator would), then makes eu-west ACTIVE at epoch 3.
 *
 * <p>Bound: at most {@value #WRITERS} writes (one per writer) may fail to the application across the
 * switch; with a retry budget of about 5 s, longer than the write pause, none is expected to.
 */
class WritesAcrossSwitchoverIntegrationTest {

    private static final int WRITERS = 4;
    private static final String GROUP = "orders-a";
    private static final String CLUSTER = "switchover";

    private final Map<String, RegionDatabase> databases = new HashMap<>();
    private final Map<Long, Row> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private long acknowledgedBy(String region) {
        return acknowledged.values().stream()
                .filter(r -> r.origin().equals(region))
                .count();
    }

    /** One writer: its own connection per region, writes until told to stop. */
    private void write(
            RouterClient client, String clientRegion, String writer, AtomicBoolean stop, List<Throwable> errors)
            throws SQLException {
        Map<String, Connection> connections = new HashMap<>();
        try {
            RouteRequest request = RouteRequest.forGroup(GROUP, WRITE, clientRegion);
            while (!stop.get()) {
                long id = ids.incrementAndGet();
                try {
                    Row row = client.call(request, (target, route) -> {
                        Connection c = connections.get(target.region());
                        if (c == null) {
                            c = databases.get(target.region()).dataSource.getConnection();
                            connections.put(target.region(), c);
                        }
                        return RegionDatabase.insert(c, id, "key-" + id, writer);
                    });
                    acknowledged.put(id, row);
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
    }

    @Test
    void writesKeepFlowingAcrossASwitchoverAndEachLandsOnceInItsEpochsOwner(@TempDir Path dir) throws Exception {
        Integration.assumeEnabled();
        long started = System.nanoTime();
        ZkPaths paths = ZkPaths.forCluster(CLUSTER);
        List<AutoCloseable> closeables = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (PostgresServer postgres =
                        PostgresServer.start(PostgresSettings.of("regions").withBaseDir(dir));
                Zk zk = Zk.start()) {
            try {
                for (String region : Fixtures.REGIONS) {
                    databases.put(region, RegionDatabase.create(postgres, region, GROUP, 8));
                }
                OwnershipStore ownership = new OwnershipStore(zk.client(10_000), paths);
                ownership.create(Ownership.initial(GROUP, "us-east"));
                for (String region : Fixtures.REGIONS) {
                    RegionDatabase db = databases.get(region);
                    RegionParticipant participant = new RegionParticipant(
                            zk.client(10_000),
                            paths,
                            RegionMember.healthy(region, List.of(postgres.jdbcUrl(region.replace('-', '_')))),
                            db.fence,
                            Clock.systemUTC(),
                            MonotonicClock.system());
                    participant.start();
                    closeables.add(participant);
                }
                SimpleMeterRegistry meters = new SimpleMeterRegistry();
                SourcePosition sourcePosition = region -> databases.get(region).walPosition();
                AppliedPositions applied = (target, source) ->
                        OptionalLong.of(databases.get(target).applyFrom(databases.get(source)));
                Controller controller = new Controller(
                        zk.client(10_000),
                        new ControllerSettings(
                                paths,
                                "us-east",
                                "us-east/test",
                                Duration.ofMillis(50),
                                new FailoverPolicy(
                                        Duration.ofSeconds(30),
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(60),
                                        1,
                                        List.of())),
                        sourcePosition,
                        applied,
                        MonotonicClock.system(),
                        Clock.systemUTC(),
                        new ControllerMetrics(meters, "us-east"));
                controller.start();
                closeables.add(controller);

                ZkRoutingMap map = new ZkRoutingMap(
                        zk.client(10_000), paths, MonotonicClock.system(), new LogContext("us-east", "routing-map"));
                map.start();
                closeables.add(map);
                RegionRouter router = Routers.start(map, 0);
                closeables.add(router);
                ManagedChannel channel = Routers.channel(router.grpcPort());
                closeables.add(channel::shutdownNow);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> map.current().regions().size() == 3);
                await().atMost(Duration.ofSeconds(10)).until(controller::isLeader);

                AtomicLong drainingAnswers = new AtomicLong();
                GrpcRouteSource grpc = new GrpcRouteSource(channel, "writers", Duration.ofSeconds(1));
                RouteSource counting = request -> {
                    Route r = grpc.fetch(request);
                    if (r.retryLater()) {
                        drainingAnswers.incrementAndGet();
                    }
                    return r;
                };
                RouterClient client = new RouterClient(
                        counting, ClientOptions.defaults().withMaxAttempts(30), MonotonicClock.system());
                AtomicBoolean stop = new AtomicBoolean();
                List<Throwable> errors = new CopyOnWriteArrayList<>();
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String clientRegion = Fixtures.REGIONS.get(w % 3);
                    String writer = "writer-" + w;
                    writers.add(pool.submit(() -> {
                        write(client, clientRegion, writer, stop, errors);
                        return null;
                    }));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> acknowledgedBy("us-east") >= 200);

                long switchStarted = System.nanoTime();
                new IntentStore(zk.client(10_000), paths)
                        .submit(Intent.switchover("sw-1", GROUP, "eu-west", Duration.ofSeconds(10), 0, "test"));
                AuditTrail audit = new AuditTrail(zk.client(10_000), paths);
                await().atMost(Duration.ofSeconds(10)).until(() -> audit.read().stream()
                        .map(AuditEntry::transition)
                        .anyMatch(t -> t.endsWith("HANDING_OVER -> DONE")));
                long switchMs =
                        Duration.ofNanos(System.nanoTime() - switchStarted).toMillis();
                assertEquals(
                        new Ownership(GROUP, "eu-west", 3, OwnershipState.ACTIVE),
                        ownership.read(GROUP).orElseThrow().value());
                await().atMost(Duration.ofSeconds(10)).until(() -> acknowledgedBy("eu-west") >= 200);
                stop.set(true);
                for (Future<?> f : writers) {
                    f.get(10, TimeUnit.SECONDS);
                }

                Map<String, Map<Long, Row>> stored = new HashMap<>();
                databases.forEach((region, db) -> {
                    Map<Long, Row> rows = new HashMap<>();
                    db.rows().forEach(r -> rows.put(r.id(), r));
                    stored.put(region, rows);
                });
                Map<Long, List<String>> localCopies = new HashMap<>(); // id -> regions holding it as a local write
                Map<Long, String> acceptorOfEpoch = new TreeMap<>();
                List<String> violations = new ArrayList<>();
                stored.forEach((region, rows) -> rows.values().stream()
                        .filter(row -> region.equals(row.origin())) // not a replicated copy
                        .forEach(row -> {
                            localCopies
                                    .computeIfAbsent(row.id(), k -> new ArrayList<>())
                                    .add(region);
                            String other = acceptorOfEpoch.putIfAbsent(row.epoch(), region);
                            if (other != null && !other.equals(region)) {
                                violations.add("epoch " + row.epoch() + " accepted by " + other + " and " + region);
                            }
                        }));
                acknowledged.forEach((id, ack) -> {
                    List<String> where = localCopies.getOrDefault(id, List.of());
                    if (!where.equals(List.of(ack.origin()))) {
                        violations.add("write " + id + " acknowledged by " + ack.origin() + " at epoch " + ack.epoch()
                                + " is a local write in " + where);
                    } else if (!ack.equals(stored.get(ack.origin()).get(id))) {
                        violations.add("write " + id + " acknowledged as " + ack + " is stored as "
                                + stored.get(ack.origin()).get(id));
                    }
                });
                List<Long> lost = acknowledged.values().stream()
                        .filter(ack -> ack.origin().equals("us-east")
                                && !ack.equals(stored.get("eu-west").get(ack.id())))
                        .map(Row::id)
                        .limit(5)
                        .toList();
                double pauseMs =
                        meters.get("tandem.switchover.write.pause").timer().totalTime(TimeUnit.MILLISECONDS);

                System.out.printf(
                        "switchover under load: acknowledged us-east=%d eu-west=%d app-errors=%d TD001-seen=%d"
                                + " draining-answers=%d fetches=%d switch=%d ms write-pause=%.0f ms test=%d ms%n",
                        acknowledgedBy("us-east"),
                        acknowledgedBy("eu-west"),
                        errors.size(),
                        client.fencings(),
                        drainingAnswers.get(),
                        client.fetches(),
                        switchMs,
                        pauseMs,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                assertEquals(
                        List.of(),
                        violations.stream().limit(10).toList(),
                        "each acknowledged write is a local write in exactly one region, stored as acknowledged");
                assertEquals(
                        Map.of(1L, "us-east", 3L, "eu-west"),
                        acceptorOfEpoch,
                        "us-east wrote in epoch 1, eu-west in epoch 3, nobody in the DRAINING epoch 2");
                assertEquals(List.of(), lost, "eu-west took over holding every write us-east acknowledged");
                assertTrue(errors.size() <= WRITERS, "at most one error per writer across the switch: " + errors);
                assertTrue(client.fencings() >= 1, "the real fence refused at least one write at the draining owner");
            } finally { // before the servers go
                pool.shutdownNow();
                for (int i = closeables.size() - 1; i >= 0; i--) {
                    closeables.get(i).close();
                }
            }
        }
    }
}
