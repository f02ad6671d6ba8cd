package io.tandem.embedded.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

@DisabledIfSystemProperty(named = "skipITs", matches = "true")
class ZooKeeperSingleTest {
    @TempDir
    Path base;

    @Test
    void standaloneServerStoresAndReturnsDataAcrossARestart() throws Exception {
        Path dir;
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.start("single", 1, base)) {
            dir = zk.directory();
            assertEquals(ZooKeeperMode.STANDALONE, zk.node(1).mode());
            assertTrue(zk.connectString().startsWith("127.0.0.1:"), zk.connectString());
            try (CuratorFramework client = Curators.connect(zk.connectString())) {
                client.create().creatingParentsIfNeeded().forPath("/tandem/probe", bytes("hello"));
                assertEquals("hello", string(client.getData().forPath("/tandem/probe")));
            }

            zk.node(1).stop();
            assertEquals(ZooKeeperMode.UNREACHABLE, zk.node(1).mode());
            zk.node(1).start();

            try (CuratorFramework client = Curators.connect(zk.connectString())) {
                assertEquals("hello", string(client.getData().forPath("/tandem/probe")));
            }
        }
        assertFalse(Files.exists(dir), "close must delete the ZooKeeper directory");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
