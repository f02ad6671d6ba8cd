package io.tandem.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.support.Region;
import io.tandem.controller.support.Zk;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SelfFencingIntegrationTest {

    @RegisterExtension
    final Zk zk = Zk.perTest();

    private Region usEast;
    private final ZkPaths paths = ZkPaths.forCluster("selffence");

    @BeforeEach
    void start() {
        usEast = new Region("us-east");
    }

    @AfterEach
    void stop() {
        if (usEast != null) {
            usEast.close();
        }
    }

    @Test
    void fencesTheLocalDatabaseBeforeTheSessionCanExpireAndLiftsAfterResync() throws Exception {
        new OwnershipStore(zk.client(), paths).create(Ownership.initial("orders", "us-east"));
        RegionParticipant participant = usEast.join(zk, paths);
        await().atMost(Duration.ofSeconds(10)).until(usEast::acceptsWrites);
        await().atMost(Duration.ofSeconds(10)).until(() -> participant.member().fencedEpoch("orders") == 1);
        IllegalStateException twice = assertThrows(IllegalStateException.class, participant::start);
        assertTrue(twice.getMessage().contains("expected state LATENT but was STARTED"), twice.getMessage());

        long cut = System.nanoTime();
        zk.server().stop(); // the region loses ZooKeeper: Curator reports SUSPENDED
        await().atMost(Duration.ofMillis(Zk.SESSION_MS))
                .pollInterval(Duration.ofMillis(10))
                .until(usEast.fence::isFenced);
        long fencedAfterMs = Duration.ofNanos(System.nanoTime() - cut).toMillis();
        System.out.println(
                "self-fenced " + fencedAfterMs + " ms after ZooKeeper stopped (session " + Zk.SESSION_MS + " ms)");
        assertTrue(fencedAfterMs < Zk.SESSION_MS, "fenced after " + fencedAfterMs + " ms, not before session expiry");
        SQLException refused = usEast.tryWrite().orElseThrow();
        assertEquals("TD001", refused.getSQLState());
        assertTrue(refused.getMessage().contains("which fenced itself: ZooKeeper connection"), refused.getMessage());

        zk.server().restart();
        await().atMost(Duration.ofSeconds(20)).until(usEast::acceptsWrites);
        await().atMost(Duration.ofSeconds(10)).until(() -> !participant.member().selfFenced());
    }

    @Test
    void keepsRenewingItsWriteLeaseWhileInTouchWithZooKeeper() throws Exception {
        new OwnershipStore(zk.client(), paths).create(Ownership.initial("orders", "us-east"));
        RegionParticipant participant = usEast.join(zk, paths);
        await().atMost(Duration.ofSeconds(10)).until(usEast::acceptsWrites);
        Duration lease = participant.lease();
        assertTrue(lease.compareTo(Duration.ofMillis(Zk.SESSION_MS)) < 0, "lease " + lease + " not below the session");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> usEast.fence.leaseUntil().isPresent());
        java.time.Instant first = usEast.fence.leaseUntil().orElseThrow();
        // Over three lease lengths the lease moves forward and local writes keep being accepted.
        await().during(lease.multipliedBy(3))
                .atMost(lease.multipliedBy(3).plusSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(usEast::acceptsWrites);
        assertTrue(usEast.fence.leaseUntil().orElseThrow().isAfter(first.plus(lease)), "the lease was not renewed");
    }
}
