package io.tandem.embedded.zookeeper;

import static io.tandem.embedded.zookeeper.ZooKeeperSingleTest.bytes;
import static io.tandem.embedded.zookeeper.ZooKeeperSingleTest.string;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.ServerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** One three-node quorum shared by the tests; each test leaves all three nodes running. */
@DisabledIfSystemProperty(named = "skipITs", matches = "true")
class ZooKeeperEnsembleTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path base;

    static ZooKeeperEnsemble zk;
    static CuratorFramework client;

    @BeforeAll
    static void start() {
        zk = ZooKeeperEnsemble.start("quorum", 3, base);
        client = Curators.connect(zk.connectString());
    }

    @AfterAll
    static void close() {
        client.close();
        zk.close();
        zk.close();
        assertFalse(Files.exists(zk.directory()), "close must delete the ensemble's directory");
    }

    @AfterEach
    void allNodesBackInQuorum() {
        zk.awaitQuorum(DEADLINE);
        assertEquals(3, zk.modes().size());
    }

    @Test
    void hasOneLeaderAndTwoFollowers() {
        assertTrue(zk.leader().isPresent());
        assertEquals(2, zk.followers().size());
        assertEquals(3, zk.connectString().split(",").length);
    }

    @Test
    void staysWritableWithAFollowerDownAndTheFollowerCatchesUp() throws Exception {
        ZooKeeperNode follower = zk.followers().get(0);
        follower.stop();
        assertEquals(ServerState.STOPPED, follower.state());

        write("/follower-down", "written while a follower was down");

        follower.start();
        zk.awaitQuorum(DEADLINE);
        try (CuratorFramework direct = Curators.connect(follower.connectString())) {
            direct.sync().forPath("/follower-down");
            assertEquals(
                    "written while a follower was down", string(direct.getData().forPath("/follower-down")));
        }
    }

    @Test
    void electsANewLeaderWhenTheLeaderStopsAndTheOldLeaderRejoins() throws Exception {
        write("/before-leader-stop", "v1");
        ZooKeeperNode oldLeader = zk.leader().orElseThrow();
        oldLeader.stop();

        await().atMost(DEADLINE).until(() -> zk.leader().isPresent());
        assertNotEquals(oldLeader.id(), zk.leader().orElseThrow().id());
        write("/after-leader-stop", "v2");
        assertEquals("v1", string(client.getData().forPath("/before-leader-stop")));

        oldLeader.start();
        zk.awaitQuorum(DEADLINE);
    }

    private static void write(String path, String value) throws Exception {
        // Curator retries while the quorum re-forms; the deadline bounds the whole write.
        await().atMost(DEADLINE).ignoreExceptions().until(() -> {
            if (client.checkExists().forPath(path) == null) {
                client.create().forPath(path, bytes(value));
            }
            return true;
        });
        assertEquals(value, string(client.getData().forPath(path)));
    }
}
