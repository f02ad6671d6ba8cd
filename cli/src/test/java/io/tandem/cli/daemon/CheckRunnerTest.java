package io.tandem.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.cli.check.ConsistencyCheckStore;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.membership.RegionMember;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** A capture gap turns into exactly one consistency check request, on a real ZooKeeper. */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real ZooKeeper")
class CheckRunnerTest {

    @Test
    void eachNewCaptureGapRequestsOneCheckWithTheRegionsCut() throws Exception {
        try (TestingServer zk = new TestingServer(true);
                CuratorFramework client =
                        CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            client.start();
            ConsistencyCheckStore store = new ConsistencyCheckStore(client, ZkPaths.forCluster("gap"));
            MembershipSnapshot members = new MembershipSnapshot(Map.of(
                    "us-east", RegionMember.healthy("us-east", List.of()).withSourcePosition(500, 0),
                    "eu-west", RegionMember.healthy("eu-west", List.of()).withSourcePosition(700, 0)));
            CheckRunner runner = new CheckRunner(
                    "us-east", store, null, () -> members, Clock.systemUTC(), new SimpleMeterRegistry());
            Object replication = new Object();

            runner.onCaptureGaps(replication, 0);
            assertEquals(List.of(), store.ids());
            runner.onCaptureGaps(replication, 1);
            runner.onCaptureGaps(replication, 1);
            assertEquals(1, store.ids().size());
            var check = store.read(store.ids().get(0)).orElseThrow();
            assertEquals(Map.of("us-east", 500L, "eu-west", 700L), check.cut());
            assertEquals("daemon us-east", check.requestedBy());
            assertTrue(check.reason().contains("capture of us-east found changes missing"), check.reason());

            runner.onCaptureGaps(replication, 2);
            assertEquals(2, store.ids().size());
            runner.onCaptureGaps(new Object(), 1); // replication rebuilt after a config change: counts anew
            assertEquals(3, store.ids().size());
        }
    }
}
