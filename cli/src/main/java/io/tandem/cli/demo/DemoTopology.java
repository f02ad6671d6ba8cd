package io.tandem.cli.demo;

import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.controller.ZkPaths;
import io.tandem.embedded.cluster.LocalCluster;
import io.tandem.embedded.cluster.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;

/**
 * The demo's cluster: its regions' names, the schema of its two tables, each region's daemon file
 * and the cluster configuration (one shard group of orders per region, owned by that region).
 */
final class DemoTopology {
    static final String CLUSTER = "demo";
    static final List<String> NAMES = List.of("us-east", "eu-west", "ap-south", "sa-east", "af-south");
    static final int SHARDS = 12;
    static final int CARTS = 40;

    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS public.orders (
                id bigint PRIMARY KEY,
                customer text NOT NULL,
                total_cents bigint NOT NULL,
                status text NOT NULL);
            CREATE TABLE IF NOT EXISTS public.carts (
                id bigint PRIMARY KEY,
                label text NOT NULL,
                items bigint NOT NULL DEFAULT 0);
            """;

    private DemoTopology() {}

    static List<String> regions(int count) {
        if (count < 2 || count > NAMES.size()) {
            throw new IllegalArgumentException(
                    "--regions " + count + " is out of range; the demo runs 2 to " + NAMES.size() + " regions");
        }
        return NAMES.subList(0, count);
    }

    static String group(String region) {
        return "orders-" + region;
    }

    static ClusterConfig clusterConfig(List<String> regions) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("regions: ").append(regions).append('\n');
        yaml.append("shards: ").append(SHARDS).append('\n');
        yaml.append("groups:\n");
        for (String region : regions) {
            yaml.append("  - {name: ")
                    .append(group(region))
                    .append(", owner: ")
                    .append(region)
                    .append("}\n");
        }
        yaml.append("tables:\n");
        yaml.append("  - {name: public.orders, key: [id], mode: owned, shard-key: customer, policy: lww}\n");
        yaml.append("  - {name: public.carts, key: [id], mode: multi-writer, policy: lww, counters: [items]}\n");
        return ClusterConfigCodec.parse(yaml.toString(), "demo cluster configuration");
    }

    static void createSchema(LocalCluster servers) throws SQLException {
        for (Region region : servers.regions().values()) {
            try (Connection c = region.postgres().connect();
                    Statement s = c.createStatement()) {
                s.execute(SCHEMA);
            }
        }
    }

    static void storeClusterConfig(CuratorFramework zk, ClusterConfig config) {
        new ClusterConfigStore(zk, ZkPaths.forCluster(CLUSTER)).set(config);
    }

    /** Writes each region's daemon file; returns them in region order. */
    static List<Path> writeRegionFiles(LocalCluster servers, List<String> regions, Path dir) throws IOException {
        Files.createDirectories(dir);
        return regions.stream()
                .map(region -> {
                    Path file = dir.resolve(region + ".yaml");
                    try {
                        Files.writeString(file, regionFile(servers, regions, region));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException("cannot write " + file, e);
                    }
                    return file;
                })
                .toList();
    }

    private static String regionFile(LocalCluster servers, List<String> regions, String region) {
        Region r = servers.region(region);
        StringBuilder yaml = new StringBuilder();
        yaml.append("# tandem daemon file of region ").append(region).append(", written by tandem demo\n");
        yaml.append("cluster: ").append(CLUSTER).append('\n');
        yaml.append("region: ").append(region).append('\n');
        yaml.append("postgres:\n");
        yaml.append("  url: ").append(r.postgres().jdbcUrl()).append('\n');
        yaml.append("  user: ").append(r.postgres().user()).append('\n');
        yaml.append("kafka:\n  bootstrap: ")
                .append(r.kafka().bootstrapServers())
                .append('\n');
        yaml.append("peers:\n");
        for (String peer : regions) {
            if (!peer.equals(region)) {
                yaml.append("  ").append(peer).append(":\n");
                yaml.append("    kafka: ")
                        .append(servers.region(peer).kafka().bootstrapServers())
                        .append('\n');
            }
        }
        yaml.append("zookeeper:\n");
        yaml.append("  connect: ").append(servers.zooKeeper().connectString()).append('\n');
        yaml.append("  session-timeout: 2s\n");
        yaml.append("http:\n  port: 0\n");
        yaml.append("failover:\n");
        yaml.append("  detection-time: 3s\n");
        yaml.append("  min-healthy-regions: ")
                .append(regions.size() > 2 ? 2 : 1)
                .append('\n');
        return yaml.toString();
    }
}
