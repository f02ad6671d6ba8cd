package io.tandem.embedded.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZooKeeperModeTest {

    @Test
    void readsTheModeLineOfSrvr() {
        String answer = "Zookeeper version: 3.9.5\nLatency min/avg/max: 0/0.0/0\nMode: leader\nNode count: 5\n";
        assertEquals(ZooKeeperMode.LEADER, ZooKeeperMode.fromSrvr(answer));
        assertEquals(ZooKeeperMode.FOLLOWER, ZooKeeperMode.fromSrvr("Mode: follower\n"));
        assertEquals(ZooKeeperMode.STANDALONE, ZooKeeperMode.fromSrvr("Mode: standalone\n"));
    }

    @Test
    void aNodeOutsideAQuorumIsNotServing() {
        ZooKeeperMode mode = ZooKeeperMode.fromSrvr("This ZooKeeper instance is not currently serving requests\n");
        assertEquals(ZooKeeperMode.NOT_SERVING, mode);
        assertFalse(mode.isServing());
        assertTrue(ZooKeeperMode.FOLLOWER.isServing());
    }
}
