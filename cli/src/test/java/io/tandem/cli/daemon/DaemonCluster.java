package io.tandem.cli.daemon;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.controller.ZkPaths;
import io.tandem.embedded.cluster.LocalCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** Three regions on real servers, each with an in-process {@link RegionDaemon}: for the daemon's tests. */
final class DaemonCluster implements AutoCloseable {
    static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");
    /** The region whose daemon also serves the region router ({@code router.enabled}). */
    static final String ROUTING_REGION = "ap-south";

    static final String CLUSTER = "it";

    final LocalCluster servers;
    final Map<String, RegionDaemon> daemons = new LinkedHashMap<>();
    final CuratorFramework operator;
    final ZkPaths paths = ZkPaths.forCluster(CLUSTER);

    DaemonCluster(Path dir, String schemaSql) throws Exception {
        servers = LocalCluster.builder()
                .regions(REGIONS.toArray(String[]::new))
                .zooKeeperNodes(1)
                .baseDir(dir)
                .start();
        for (String region : REGIONS) {
            exec(region, schemaSql);
        }
        operator = CuratorFrameworkFactory.builder()
                .connectString(servers.zooKeeper().connectString())
                .ensembleTracker(false)
                .retryPolicy(new ExponentialBackoffRetry(100, 5))
                .build();
        operator.start();
        if (!operator.blockUntilConnected(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("operator client cannot reach ZooKeeper");
        }
    }

    void setConfig(String yaml) {
        ClusterConfig config = ClusterConfigCodec.parse(yaml, "test");
        new ClusterConfigStore(operator, paths).set(config);
    }

    void startDaemons() throws InterruptedException {
        for (String region : REGIONS) {
            String yaml = regionYaml(region);
            var config = new ConfigLoader(DaemonSettings.CATALOG, k -> null).parse(yaml, region + ".yaml");
            RegionDaemon daemon = RegionDaemon.of(
                    config, k -> null, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
            daemons.put(region, daemon);
            daemon.start();
        }
        for (RegionDaemon daemon : daemons.values()) {
            if (!daemon.awaitReplicating(Duration.ofSeconds(90))) {
                throw new IllegalStateException(daemon.region() + " did not start replicating: " + daemon.health());
            }
        }
    }

    String regionYaml(String region) {
        var r = servers.region(region);
        StringBuilder yaml = new StringBuilder();
        yaml.append("cluster: ").append(CLUSTER).append('\n');
        yaml.append("region: ").append(region).append('\n');
        yaml.append("postgres:\n  url: ").append(r.postgres().jdbcUrl()).append('\n');
        yaml.append("  user: ").append(r.postgres().user()).append('\n');
        yaml.append("kafka:\n  bootstrap: ")
                .append(r.kafka().bootstrapServers())
                .append('\n');
        yaml.append("peers:\n");
        for (String peer : REGIONS) {
            if (!peer.equals(region)) {
                yaml.append("  ")
                        .append(peer)
                        .append(":\n    kafka: ")
                        .append(servers.region(peer).kafka().bootstrapServers())
                        .append('\n');
            }
        }
        yaml.append("zookeeper:\n  connect: ")
                .append(servers.zooKeeper().connectString())
                .append("\n  session-timeout: 2s\n");
        yaml.append("http:\n  port: 0\n");
        yaml.append("capture:\n  heartbeat-interval: 200ms\n");
        if (region.equals(ROUTING_REGION)) {
            yaml.append("router:\n  enabled: true\n  grpc-port: 0\n  http-port: 0\n");
        }
        return yaml.toString();
    }

    void exec(String region, String sql) throws SQLException {
        try (Connection c = servers.region(region).postgres().connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    List<List<String>> rows(String region, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = servers.region(region).postgres().connect();
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        daemons.values().forEach(RegionDaemon::close);
        operator.close();
        servers.close();
    }
}
