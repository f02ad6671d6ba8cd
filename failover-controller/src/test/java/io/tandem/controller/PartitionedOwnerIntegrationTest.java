package io.tandem.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.support.Integration;
import io.tandem.controller.support.Region;
import io.tandem.controller.support.Zk;
import io.tandem.controller.switchover.MembershipAppliedPositions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A three-server ZooKeeper ensemble; the owner region talks only to server A, the other region only
 * to B and C. Killing A cuts the owner off: it must fence itself before its session expires, and the
 * leader must move its group only after the session expired and absent-for passed.
 */
class PartitionedOwnerIntegrationTest {

    private static final Duration ABSENT_FOR = Duration.ofMillis(2500);

    private TestingCluster cluster;
    private Region usEast;
    private Region euWest;
    private CuratorFramework observer;
    private Controller controller;

    @BeforeEach
    void start() throws Exception {
        Integration.assumeEnabled();
        cluster = new TestingCluster(3);
        cluster.start();
        usEast = new Region("us-east");
        euWest = new Region("eu-west");
    }

    @AfterEach
    void stop() throws Exception {
        if (controller != null) {
            controller.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {usEast, euWest, observer, cluster}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void cutOffOwnerFencesItselfBeforeTheLeaderMovesItsGroup() throws Exception {
        List<InstanceSpec> servers = List.copyOf(cluster.getInstances());
        InstanceSpec a = servers.get(0);
        String bc = servers.subList(1, 3).stream()
                .map(InstanceSpec::getConnectString)
                .collect(Collectors.joining(","));
        ZkPaths paths = ZkPaths.forCluster("partition");
        observer = Zk.client(bc);
        new OwnershipStore(observer, paths).create(Ownership.initial("orders", "us-east"));

        usEast.join(Zk.client(a.getConnectString()), paths);
        euWest.join(Zk.client(bc), paths);
        controller = new Controller(
                euWest.client(),
                new ControllerSettings(
                        paths,
                        "eu-west",
                        "eu-west/test",
                        Duration.ofMillis(50),
                        new FailoverPolicy(ABSENT_FOR, Duration.ofSeconds(1), Duration.ofSeconds(60), 1, List.of())),
                region -> 0L,
                new MembershipAppliedPositions(new MembershipReader(euWest.client(), paths)),
                System::nanoTime,
                Clock.systemUTC(),
                new ControllerMetrics(new SimpleMeterRegistry(), "eu-west"));
        controller.start();
        await().atMost(Duration.ofSeconds(10)).until(controller::isLeader);
        await().atMost(Duration.ofSeconds(10)).until(usEast::acceptsWrites);
        euWest.participant().publishApplied("us-east", new Applied(100, 5));

        cluster.killServer(a);
        await().atMost(Duration.ofSeconds(20)).until(() -> new OwnershipStore(observer, paths)
                .read("orders")
                .orElseThrow()
                .value()
                .owner()
                .equals("eu-west"));

        assertEquals(
                new Ownership("orders", "eu-west", 2, OwnershipState.ACTIVE),
                new OwnershipStore(observer, paths).read("orders").orElseThrow().value());
        long fencedAt = fencedAtMillis(usEast);
        // The leader appends the audit entry right after its compare-and-set: wait for it.
        AuditEntry move = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> new AuditTrail(observer, paths)
                                .read().stream()
                                        .filter(e -> e.transition().startsWith("failover us-east -> eu-west"))
                                        .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        long gap = move.at() - fencedAt;
        System.out.println("us-east fenced itself " + gap + " ms before the leader moved its group");
        assertTrue(gap >= ABSENT_FOR.toMillis(), "fenced only " + gap + " ms before the move");
        assertEquals("TD001", usEast.tryWrite().orElseThrow().getSQLState());
        await().atMost(Duration.ofSeconds(10)).until(euWest::acceptsWrites);
    }

    private static long fencedAtMillis(Region region) throws SQLException {
        try (Connection c = region.pg.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT (extract(epoch FROM fenced_at) * 1000)::bigint FROM tandem.local_region WHERE fenced")) {
            assertTrue(rs.next(), region.name + " is not fenced");
            return rs.getLong(1);
        }
    }
}
