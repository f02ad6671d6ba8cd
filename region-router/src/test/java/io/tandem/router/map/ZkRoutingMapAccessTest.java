package io.tandem.router.map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.MonotonicClock;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClusterAccess;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.Role;
import io.tandem.controller.access.Roster;
import io.tandem.controller.access.ZkClients;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.embedded.zookeeper.ZooKeeperEnsemble;
import io.tandem.router.log.LogContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A routing map on a cluster whose nodes carry ACLs: with the router's reader credential it loads
 * the ownership; with a wrong password, or none, ZooKeeper refuses every read, and the map says so
 * (naming zookeeper.credential_file) and is served as stale, never as a current, empty map.
 */
class ZkRoutingMapAccessTest {
    static final ZkPaths PATHS = ZkPaths.forCluster("acl");
    static final Credential DAEMON = new Credential("tandem", "daemon-pw-1");
    static final Credential ROUTER = new Credential("router", "router-pw-1");

    @TempDir
    static Path dir;

    static ZooKeeperEnsemble zk;

    @BeforeAll
    static void start() throws Exception {
        zk = ZooKeeperEnsemble.start("routing-acl", 1, dir);
        ClusterAcls acls = new ClusterAcls(
                PATHS,
                Roster.of(Map.of(Role.DAEMON, List.of(DAEMON.digestId()), Role.READER, List.of(ROUTER.digestId()))));
        try (CuratorFramework daemon = ZkClients.daemon(zk.connectString(), Optional.of(DAEMON), acls)
                .ensembleTracker(false)
                .retryPolicy(new RetryOneTime(100))
                .build()) {
            daemon.start();
            assertTrue(daemon.blockUntilConnected(10, TimeUnit.SECONDS));
            ClusterAccess.secure(daemon, acls);
            new OwnershipStore(daemon, PATHS).create(Ownership.initial("orders-a", "us-east"));
        }
    }

    @AfterAll
    static void stop() {
        if (zk != null) {
            zk.close();
        }
    }

    private static CuratorFramework client(Optional<Credential> credential) throws InterruptedException {
        CuratorFramework c = ZkClients.builder(zk.connectString(), credential, ClusterAcls.unknown(PATHS))
                .ensembleTracker(false)
                .retryPolicy(new RetryOneTime(100))
                .build();
        c.start();
        assertTrue(c.blockUntilConnected(10, TimeUnit.SECONDS));
        return c;
    }

    @Test
    void theReaderCredentialLoadsACurrentMap() throws Exception {
        try (CuratorFramework c = client(Optional.of(ROUTER));
                ZkRoutingMap map =
                        new ZkRoutingMap(c, PATHS, MonotonicClock.system(), new LogContext("us-east", "map"))) {
            map.start();
            assertTrue(map.awaitInitialized(Duration.ofSeconds(10)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> map.current().groups().size() == 1);
            assertFalse(map.current().stale());
            assertTrue(map.accessProblem().isEmpty());
        }
    }

    @Test
    void aWrongOrMissingCredentialIsReportedAndTheMapIsStaleNotCurrent() throws Exception {
        for (Optional<Credential> credential :
                List.of(Optional.of(new Credential("router", "not-the-password")), Optional.<Credential>empty())) {
            try (CuratorFramework c = client(credential);
                    ZkRoutingMap map =
                            new ZkRoutingMap(c, PATHS, MonotonicClock.system(), new LogContext("us-east", "map"))) {
                map.start();
                IllegalStateException refused =
                        assertThrows(IllegalStateException.class, () -> map.awaitInitialized(Duration.ofSeconds(10)));
                assertTrue(refused.getMessage().contains("zookeeper.credential_file"), refused.getMessage());
                assertTrue(refused.getMessage().contains("NoAuth"), refused.getMessage());
                assertTrue(map.current().stale(), "an unreadable map is served as stale");
                assertEquals(0, map.current().groups().size());
                assertEquals(Optional.of(refused.getMessage()), map.accessProblem());
            }
        }
    }
}
