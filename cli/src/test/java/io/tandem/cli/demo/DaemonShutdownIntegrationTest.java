package io.tandem.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.daemon.DaemonLauncher;
import io.tandem.embedded.cluster.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem daemon} as its own process: it becomes healthy from its region file and the cluster
 * configuration in ZooKeeper, and on SIGTERM it stops gracefully (exit status 143) and leaves its
 * database fenced, since a stopped daemon can keep no one's writes safe.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
class DaemonShutdownIntegrationTest {

    @Test
    void sigtermStopsTheDaemonGracefullyAndLeavesItsDatabaseFenced(@TempDir Path dir) throws Exception {
        List<String> regions = List.of("us-east", "eu-west");
        try (LocalCluster servers = LocalCluster.builder()
                        .regions(regions.toArray(String[]::new))
                        .zooKeeperNodes(1)
                        .baseDir(dir.resolve("servers"))
                        .start();
                CuratorFramework zk = CuratorFrameworkFactory.newClient(
                        servers.zooKeeper().connectString(), new ExponentialBackoffRetry(100, 5))) {
            zk.start();
            DemoTopology.createSchema(servers);
            ClusterConfig config = DemoTopology.clusterConfig(regions);
            DemoTopology.storeClusterConfig(zk, config);
            List<Path> files = DemoTopology.writeRegionFiles(servers, regions, dir.resolve("config"));
            Path log = dir.resolve("us-east.log");
            DaemonLauncher daemon = new DaemonLauncher("us-east", files.get(0), log, DaemonLauncher.Jvm.STANDARD);
            try {
                daemon.start();
                daemon.awaitHealthy(Duration.ofMinutes(3));
                assertEquals(0, fenced(servers), "the healthy owner lifted its fence");
                daemon.stop();
                // 143 = 128 + SIGTERM: how a JVM that ran its shutdown hooks reports a SIGTERM (a systemd unit
                // declares SuccessExitStatus=143); "daemon stopped" is the last step of the graceful close.
                assertEquals(143, daemon.exitValue(), Files.readString(log));
                assertTrue(Files.readString(log).contains("daemon stopped"), Files.readString(log));
                assertEquals(1, fenced(servers), "a stopped daemon leaves its database fenced");
            } finally {
                daemon.kill();
            }
        }
    }

    private static int fenced(LocalCluster servers) throws Exception {
        try (Connection c = servers.region("us-east").postgres().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT fenced::int FROM tandem.local_region")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
