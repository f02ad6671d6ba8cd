package io.tandem.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.support.Integration;
import io.tandem.controller.support.OrdersCopier;
import io.tandem.controller.support.Region;
import io.tandem.controller.support.SteadyWriter;
import io.tandem.controller.support.Zk;
import io.tandem.controller.switchover.MembershipAppliedPositions;
import io.tandem.controller.switchover.SwitchoverProgress;
import io.tandem.controller.switchover.SwitchoverState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * A controller leader dies in the middle of a switchover and another one carries it on from the
 * progress recorded in the intent node, on a three-server ZooKeeper ensemble and three regions with
 * their own PostgreSQL. The first leader runs in ap-south, a region that takes no part in the move;
 * it dies the way a process does: its Curator client closes under it, then its threads stop.
 */
@Timeout(120)
class SwitchoverResumeIntegrationTest {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static TestingCluster ensemble;
    private static Region usEast;
    private static Region euWest;
    private static Region apSouth;

    private ZkPaths paths;
    private CuratorFramework observer;
    private final Map<String, Controller> controllers = new java.util.LinkedHashMap<>();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        Integration.assumeEnabled();
        ensemble = new TestingCluster(3);
        ensemble.start();
        usEast = new Region("us-east");
        euWest = new Region("eu-west");
        apSouth = new Region("ap-south");
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {usEast, euWest, apSouth, ensemble}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @BeforeEach
    void newCluster() {
        paths = ZkPaths.forCluster("resume" + CLUSTERS.incrementAndGet());
        for (Region r : List.of(usEast, euWest, apSouth)) {
            r.resetOwnership();
        }
        observer = Zk.client(ensemble.getConnectString());
        new OwnershipStore(observer, paths).create(Ownership.initial("orders", "us-east"));
    }

    @AfterEach
    void stopRegions() throws Exception {
        for (AutoCloseable c : closeFirst) {
            c.close();
        }
        controllers.values().forEach(Controller::close);
        for (Region r : List.of(usEast, euWest, apSouth)) {
            try {
                r.leave();
            } catch (RuntimeException e) {
                System.out.println(r.name + " left with an error (its client was closed under it): " + e);
            }
        }
        observer.close();
    }

    /** ap-south joins first and leads; then us-east and eu-west join with their own controllers. */
    private void startRegions() {
        for (Region r : List.of(apSouth, usEast, euWest)) {
            r.join(Zk.client(ensemble.getConnectString()), paths);
            Controller c = new Controller(
                    r.client(),
                    new ControllerSettings(
                            paths,
                            r.name,
                            r.name + "/test",
                            Duration.ofMillis(50),
                            new FailoverPolicy(
                                    Duration.ofSeconds(30),
                                    Duration.ofSeconds(1),
                                    Duration.ofSeconds(60),
                                    1,
                                    List.of())),
                    region -> Region.walPosition(region(region).pg.dataSource()),
                    new MembershipAppliedPositions(new MembershipReader(r.client(), paths)),
                    System::nanoTime,
                    Clock.systemUTC(),
                    new ControllerMetrics(new SimpleMeterRegistry(), r.name));
            c.start();
            controllers.put(r.name, c);
            if (r == apSouth) {
                await().atMost(Duration.ofSeconds(10)).until(c::isLeader);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(usEast::acceptsWrites);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> euWest.participant().member().fencedEpoch("orders") == 1);
    }

    private static Region region(String name) {
        return switch (name) {
            case "us-east" -> usEast;
            case "eu-west" -> euWest;
            case "ap-south" -> apSouth;
            default -> throw new IllegalArgumentException("no region " + name);
        };
    }

    /** ap-south's daemon dies: its ZooKeeper client closes under it, then its controller's threads stop. */
    private void killLeader() {
        assertTrue(controllers.get("ap-south").isLeader(), "ap-south should still lead before it dies");
        apSouth.client().close();
        controllers.get("ap-south").close();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> controllers.get("us-east").isLeader()
                        || controllers.get("eu-west").isLeader());
    }

    private Optional<SwitchoverProgress> progress() {
        return new IntentStore(observer, paths).read("orders").map(v -> v.value()
                .progress());
    }

    private Ownership owner() {
        return new OwnershipStore(observer, paths).read("orders").orElseThrow().value();
    }

    private List<AuditEntry> switchoverAudit(String id) {
        return new AuditTrail(observer, paths)
                .read().stream()
                        .filter(e -> e.transition().startsWith("switchover " + id))
                        .toList();
    }

    private Optional<AuditEntry> audited(String id, String transition) {
        return switchoverAudit(id).stream()
                .filter(e -> e.transition().endsWith(transition))
                .findFirst();
    }

    @Test
    void aNewLeaderFinishesASwitchoverItsPredecessorLeftInCatchingUpWithNoLoss() throws Exception {
        startRegions();
        SteadyWriter writer = new SteadyWriter(usEast, 5);
        OrdersCopier copier = new OrdersCopier(usEast, euWest, 20);
        closeFirst.add(writer);
        closeFirst.add(copier);
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.acknowledged().size() >= 50);

        new IntentStore(observer, paths)
                .submit(Intent.switchover("sw-r1", "orders", "eu-west", Duration.ofSeconds(40), 0, "test"));
        SwitchoverProgress catchingUp = await().atMost(Duration.ofSeconds(15))
                .until(this::progress, p -> p.isPresent() && p.get().state() == SwitchoverState.CATCHING_UP)
                .orElseThrow();
        assertEquals("ap-south/test", catchingUp.recordedBy());
        assertEquals(new Ownership("orders", "us-east", 2, OwnershipState.DRAINING), owner());

        killLeader();
        copier.run(); // the target starts catching up only now: the new leader must finish the job
        await().atMost(Duration.ofSeconds(30))
                .until(() -> audited("sw-r1", "HANDING_OVER -> DONE").isPresent());
        writer.close();

        assertEquals(new Ownership("orders", "eu-west", 3, OwnershipState.ACTIVE), owner());
        await().atMost(Duration.ofSeconds(10)).until(euWest::acceptsWrites);
        assertEquals("TD001", usEast.tryWrite().orElseThrow().getSQLState());
        AuditEntry resumed = audited("sw-r1", "resumed in CATCHING_UP").orElseThrow();
        assertNotEquals("ap-south/test", resumed.actor());
        assertTrue(resumed.decision().contains("as recorded by ap-south/test"), resumed.decision());
        assertEquals(
                List.of(
                        "REQUESTED -> FENCING",
                        "FENCING -> CATCHING_UP",
                        "resumed in CATCHING_UP",
                        "CATCHING_UP -> HANDING_OVER",
                        "HANDING_OVER -> DONE"),
                switchoverAudit("sw-r1").stream()
                        .map(e -> e.transition().substring(e.transition().indexOf(": ") + 2))
                        .toList());
        assertEquals(
                resumed.actor(),
                audited("sw-r1", "HANDING_OVER -> DONE").orElseThrow().actor());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> new IntentStore(observer, paths).pending().isEmpty());

        // RPO 0: the round that first published a position at or past the recorded one (what let the
        // leader hand over) had copied every write us-east acknowledged, and eu-west holds them all
        List<Long> acknowledged = writer.acknowledged();
        OrdersCopier.Round covering = copier.rounds().stream()
                .filter(r -> r.position() >= catchingUp.sourcePosition())
                .findFirst()
                .orElseThrow();
        Set<Long> missing = new HashSet<>(acknowledged);
        missing.removeAll(covering.copied());
        System.out.println("switchover resumed by " + resumed.actor() + ": " + acknowledged.size()
                + " acknowledged writes at us-east, " + writer.refused() + " refused while draining, missing at"
                + " eu-west: " + missing.size());
        assertEquals(Set.of(), missing, "acknowledged at us-east but not covered by the position handed over");
        Set<Long> atTarget = ids(euWest);
        assertTrue(atTarget.containsAll(acknowledged), "eu-west lacks acknowledged us-east writes");
    }

    @Test
    void aNewLeaderRollsBackWhenTheTimeoutRecordedAtTheStartHasPassed() {
        startRegions();
        Duration timeout = Duration.ofSeconds(8);
        new IntentStore(observer, paths).submit(Intent.switchover("sw-r2", "orders", "eu-west", timeout, 0, "test"));
        SwitchoverProgress recorded = await().atMost(Duration.ofSeconds(15))
                .until(this::progress, p -> p.isPresent() && p.get().state() == SwitchoverState.CATCHING_UP)
                .orElseThrow();
        // eu-west never catches up; the leader dies well into the timeout
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .until(this::progress, p -> p.isPresent() && p.get().state() == SwitchoverState.CATCHING_UP);
        killLeader();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> audited("sw-r2", "ROLLING_BACK -> ROLLED_BACK").isPresent());
        assertEquals(new Ownership("orders", "us-east", 3, OwnershipState.ACTIVE), owner());
        await().atMost(Duration.ofSeconds(10)).until(usEast::acceptsWrites);
        assertEquals("TD001", euWest.tryWrite().orElseThrow().getSQLState());

        long started = recorded.startedAt(); // the timeout runs from here, recorded before the first write
        AuditEntry rollBack = audited("sw-r2", "CATCHING_UP -> ROLLING_BACK").orElseThrow();
        long after = rollBack.at() - started;
        System.out.println("new leader " + rollBack.actor() + " rolled back " + after + " ms after the start (timeout "
                + timeout.toMillis() + " ms)");
        assertNotEquals("ap-south/test", rollBack.actor());
        assertTrue(after >= timeout.toMillis(), "rolled back before the timeout: " + after + " ms");
        // a leader that restarted the clock would roll back >= 11 s after the start
        assertTrue(after < timeout.toMillis() + 2500, "timeout not measured from the recorded start: " + after);
        assertTrue(audited("sw-r2", "resumed in CATCHING_UP").isPresent());
    }

    private static Set<Long> ids(Region r) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = r.pg.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
