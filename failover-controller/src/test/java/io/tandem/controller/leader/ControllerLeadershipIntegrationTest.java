package io.tandem.controller.leader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.controller.ZkPaths;
import io.tandem.controller.support.Zk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControllerLeadershipIntegrationTest {

    @RegisterExtension
    final Zk zk = Zk.perTest();

    private final ZkPaths paths = ZkPaths.forCluster("test");

    @Test
    void oneLeaderAndReElectionWhenTheLeadersClientCloses() {
        Map<String, Boolean> leading = new ConcurrentHashMap<>();
        CuratorFramework c1 = zk.client();
        CuratorFramework c2 = zk.client();
        CuratorFramework c3 = zk.client();
        ControllerLeadership a = new ControllerLeadership(c1, paths, "us-east/1", l -> leading.put("us-east/1", l));
        ControllerLeadership b = new ControllerLeadership(c2, paths, "eu-west/1", l -> leading.put("eu-west/1", l));
        ControllerLeadership c = new ControllerLeadership(c3, paths, "ap-south/1", l -> leading.put("ap-south/1", l));
        List<ControllerLeadership> all = List.of(a, b, c);
        all.forEach(ControllerLeadership::start);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> all.stream().filter(ControllerLeadership::isLeader).count() == 1);
        ControllerLeadership first =
                all.stream().filter(ControllerLeadership::isLeader).findFirst().orElseThrow();
        assertEquals(first.participantId(), b.leaderId());

        // The leader's client goes away (daemon stops): another participant takes over.
        CuratorFramework firstClient = first == a ? c1 : first == b ? c2 : c3;
        firstClient.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        all.stream().filter(l -> l != first && l.isLeader()).count() == 1);
        ControllerLeadership second =
                all.stream().filter(l -> l != first && l.isLeader()).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, leading.get(second.participantId()));

        all.forEach(ControllerLeadership::close);
        all.forEach(ControllerLeadership::close); // idempotent, unlike LeaderLatch.close()
        assertFalse(second.isLeader());
        assertThrows(IllegalStateException.class, second::start);
    }
}
