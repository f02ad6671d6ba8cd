package io.tandem.embedded.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.ServerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

@DisabledIfSystemProperty(named = "skipITs", matches = "true")
class LocalClusterTest {
    @TempDir
    Path base;

    @Test
    void startsThreeRegionsAndAQuorumInParallelAndClosesEverything() throws Exception {
        LocalCluster cluster = LocalCluster.builder()
                .regions("us-east", "eu-west", "ap-south")
                .zooKeeperNodes(3)
                .baseDir(base)
                .start();
        Path dir = cluster.directory();
        List<Path> serverDirs;
        try {
            assertEquals(
                    List.of("us-east", "eu-west", "ap-south"),
                    List.copyOf(cluster.regions().keySet()));
            Set<Integer> ports = new HashSet<>();
            for (Region region : cluster.regions().values()) {
                assertEquals(ServerState.RUNNING, region.postgres().state());
                assertEquals(ServerState.RUNNING, region.kafka().state());
                assertTrue(ports.add(region.postgres().port()));
                assertTrue(ports.add(region.kafka().port()));
                try (Connection c = region.postgres().connect();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SHOW wal_level")) {
                    rs.next();
                    assertEquals("logical", rs.getString(1));
                }
                try (Admin admin =
                        Admin.create(new java.util.HashMap<>(region.kafka().clientConfig()))) {
                    assertEquals(
                            1,
                            admin.describeCluster()
                                    .nodes()
                                    .get(30, TimeUnit.SECONDS)
                                    .size());
                }
            }
            assertTrue(cluster.zooKeeper().leader().isPresent());
            assertEquals(3, cluster.zooKeeper().size());
            serverDirs = cluster.regions().values().stream()
                    .flatMap(r -> List.of(r.postgres().directory(), r.kafka().directory()).stream())
                    .toList();
            serverDirs.forEach(d -> assertTrue(d.startsWith(dir), d + " should be under " + dir));
        } finally {
            cluster.close();
        }
        cluster.close();

        assertFalse(Files.exists(dir), "close must delete the cluster directory");
        for (Region region : cluster.regions().values()) {
            assertEquals(ServerState.CLOSED, region.postgres().state());
            assertEquals(ServerState.CLOSED, region.kafka().state());
        }
        try (var left = Files.list(base)) {
            assertEquals(0, left.count(), "nothing may be left under the base directory");
        }
    }

    @Test
    void refusesAnUnknownRegionNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> LocalCluster.builder().regions("a", "a"));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> LocalCluster.builder().start());
    }
}
