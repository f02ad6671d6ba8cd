package io.tandem.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.support.EpochWriter;
import io.tandem.controller.support.Integration;
import io.tandem.controller.support.Region;
import io.tandem.controller.support.Zk;
import io.tandem.controller.support.ZkLink;
import io.tandem.controller.switchover.MembershipAppliedPositions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The acceptance test for unplanned failover under load: three regions, each with its own PostgreSQL,
 * participant and controller, on a three-server ZooKeeper ensemble; a writer per region writes
 * continuously to the owned table through its own database. The owner's daemon is then cut off (its
 * ZooKeeper links frozen) or killed (its ZooKeeper client closed under it, its participant never
 * closed), ownership moves to a healthy region, and the databases themselves say who accepted what:
 * per group, the (region, epoch) intervals of accepted writes never overlap in time and each epoch
 * belongs to one region.
 */
@Timeout(150)
class ContinuousWritesFailoverIntegrationTest {

    private static final Duration ABSENT_FOR = Duration.ofMillis(2500);
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static TestingCluster ensemble;
    private static final Map<String, Region> REGIONS = new LinkedHashMap<>();

    private ZkPaths paths;
    private CuratorFramework observer;
    private final Map<String, ZkLink> links = new HashMap<>();
    private final Map<String, Controller> controllers = new HashMap<>();
    private final Map<String, EpochWriter> writers = new HashMap<>();

    @BeforeAll
    static void startServers() throws Exception {
        Integration.assumeEnabled();
        ensemble = new TestingCluster(3);
        ensemble.start();
        for (String name : List.of("us-east", "eu-west", "ap-south")) {
            Region r = new Region(name);
            EpochWriter.install(r);
            REGIONS.put(name, r);
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (Region r : REGIONS.values()) {
            r.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @BeforeEach
    void newCluster() {
        paths = ZkPaths.forCluster("continuous" + CLUSTERS.incrementAndGet());
        for (Region r : REGIONS.values()) {
            r.resetOwnership();
            EpochWriter.install(r); // empties accepted_writes
        }
        observer = Zk.client(ensemble.getConnectString());
        new OwnershipStore(observer, paths).create(Ownership.initial("orders", "us-east"));
    }

    @AfterEach
    void stopRegions() {
        writers.values().forEach(EpochWriter::close);
        controllers.values().forEach(Controller::close);
        for (Region r : REGIONS.values()) {
            try {
                r.leave();
            } catch (RuntimeException e) {
                System.out.println(r.name + " left with an error (its client was closed under it): " + e);
            }
        }
        links.values().forEach(ZkLink::close);
        observer.close();
    }

    private void startRegions() {
        for (Region r : REGIONS.values()) {
            ZkLink link = ZkLink.to(ensemble);
            links.put(r.name, link);
            r.join(Zk.client(link.connectString()), paths);
            Controller c = new Controller(
                    r.client(),
                    new ControllerSettings(
                            paths,
                            r.name,
                            r.name + "/test",
                            Duration.ofMillis(50),
                            new FailoverPolicy(
                                    ABSENT_FOR,
                                    Duration.ofSeconds(1),
                                    Duration.ofSeconds(60),
                                    1,
                                    List.of("eu-west", "ap-south"))),
                    region -> Region.walPosition(REGIONS.get(region).pg.dataSource()),
                    new MembershipAppliedPositions(new MembershipReader(r.client(), paths)),
                    System::nanoTime,
                    Clock.systemUTC(),
                    new ControllerMetrics(new SimpleMeterRegistry(), r.name));
            c.start();
            controllers.put(r.name, c);
        }
        for (String survivor : List.of("eu-west", "ap-south")) {
            REGIONS.get(survivor).participant().publishApplied("us-east", new Applied(100, 5));
        }
        await().atMost(Duration.ofSeconds(15)).until(REGIONS.get("us-east")::acceptsWrites);
        for (Region r : REGIONS.values()) {
            writers.put(r.name, EpochWriter.start(r, 4));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> writers.get("us-east").accepted() >= 100);
    }

    private Ownership owner() {
        return new OwnershipStore(observer, paths).read("orders").orElseThrow().value();
    }

    @Test
    void partitioningTheOwnersDaemonMovesOwnershipAndNoTwoRegionsEverAcceptWritesTogether() throws Exception {
        startRegions();
        long cut = System.nanoTime();
        links.get("us-east").cut();
        String newOwner = awaitMoveAndWritesAtTheNewOwner(cut);
        checkSingleWriter(newOwner);

        // healed, us-east rejoins as a non-owner: its database keeps refusing its local writes
        links.get("us-east").heal();
        Region usEast = REGIONS.get("us-east");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> usEast.participant().member().fencedEpoch("orders") == 2
                        && !usEast.participant().member().selfFenced());
        long refusedBefore = writers.get("us-east").refused();
        await().atMost(Duration.ofSeconds(5)).until(() -> writers.get("us-east").refused() > refusedBefore + 50);
        checkSingleWriter(newOwner);
    }

    @Test
    void killingTheOwnersDaemonMovesOwnershipAndNoTwoRegionsEverAcceptWritesTogether() throws Exception {
        startRegions();
        long cut = System.nanoTime();
        // the daemon dies: its ZooKeeper client closes under the participant, which is never closed
        // (nobody fences the database on the way out: only the write lease stops its writes)
        REGIONS.get("us-east").client().close();
        controllers.remove("us-east").close();
        String newOwner = awaitMoveAndWritesAtTheNewOwner(cut);
        checkSingleWriter(newOwner);
    }

    /** Waits for the move away from us-east and for 100 writes accepted at the new owner. */
    private String awaitMoveAndWritesAtTheNewOwner(long cutNanos) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !owner().owner().equals("us-east"));
        Ownership moved = owner();
        assertEquals(2, moved.epoch());
        assertEquals(OwnershipState.ACTIVE, moved.state());
        long acceptedAtMove = writers.get(moved.owner()).accepted();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> writers.get(moved.owner()).accepted() >= acceptedAtMove + 1);
        System.out.println("us-east cut off; " + moved.owner() + " accepted its first write "
                + Duration.ofNanos(System.nanoTime() - cutNanos).toMillis() + " ms later (absent-for "
                + ABSENT_FOR.toMillis() + " ms, session " + Zk.SESSION_MS + " ms)");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> writers.get(moved.owner()).accepted() >= acceptedAtMove + 100);
        return moved.owner();
    }

    /** One (region, epoch) as its database saw it: when its accepted writes began and ended. */
    private record Accepting(String region, long epoch, Instant first, Instant last, long writes) {}

    private void checkSingleWriter(String newOwner) throws SQLException {
        List<Accepting> intervals = new ArrayList<>();
        for (Region r : REGIONS.values()) {
            try (Connection c = r.pg.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT region, epoch, min(admitted_at), max(committing_at), count(*)"
                            + " FROM accepted_writes GROUP BY region, epoch")) {
                while (rs.next()) {
                    assertEquals(r.name, rs.getString(1), "a local write recorded another region");
                    intervals.add(new Accepting(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                            rs.getObject(4, java.time.OffsetDateTime.class).toInstant(),
                            rs.getLong(5)));
                }
            }
        }
        intervals.sort(Comparator.comparing(Accepting::first));
        intervals.forEach(i -> System.out.println("accepted: " + i));
        writers.forEach((name, w) -> System.out.println(
                name + ": accepted " + w.accepted() + ", refused " + w.refused() + ", other errors " + w.failures()));

        Map<Long, String> regionOfEpoch = new HashMap<>();
        for (Accepting i : intervals) {
            String before = regionOfEpoch.putIfAbsent(i.epoch(), i.region());
            assertTrue(
                    before == null || before.equals(i.region()),
                    "epoch " + i.epoch() + " accepted writes in " + before + " and " + i.region());
        }
        for (int k = 1; k < intervals.size(); k++) {
            Accepting a = intervals.get(k - 1);
            Accepting b = intervals.get(k);
            assertTrue(
                    a.last().isBefore(b.first()),
                    "two regions accepted writes at the same time: " + a + " overlaps " + b);
            System.out.println("gap between " + a.region() + "@" + a.epoch() + " and " + b.region() + "@" + b.epoch()
                    + ": " + Duration.between(a.last(), b.first()).toMillis() + " ms");
        }
        assertEquals(Map.of(1L, "us-east", 2L, newOwner), regionOfEpoch);
        writers.values().forEach(w -> assertEquals(Map.of(), w.failures(), "writes failed for another reason"));
    }
}
