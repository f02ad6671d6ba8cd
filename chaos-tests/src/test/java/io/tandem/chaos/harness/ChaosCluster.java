package io.tandem.chaos.harness;

import io.tandem.chaos.fault.FaultProxy;
import io.tandem.chaos.fault.ProcessControl;
import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.fence.FenceSchema;
import io.tandem.embedded.Directories;
import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.kafka.KafkaSettings;
import io.tandem.embedded.ports.LoopbackPorts;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.embedded.zookeeper.ZooKeeperEnsemble;
import io.tandem.embedded.zookeeper.ZooKeeperNode;
import io.tandem.replicator.region.DatabaseSettings;
import io.tandem.replicator.region.RegionReplication;
import io.tandem.replicator.region.RegionReplicationSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of a chaos run, all real and on loopback: per region a PostgreSQL and a Kafka broker,
 * a 3-node ZooKeeper ensemble, and a {@link FaultProxy} on every inter-region link:
 *
 * <ul>
 *   <li>{@code kafka A->B}: region B's applier consumes A's topic through it. A's broker has one
 *       listener per peer, advertised at that peer's proxy, so the client never bypasses the proxy.
 *   <li>{@code zk R->i}: region R's ZooKeeper client reaches node i through it (Curator with
 *       {@code ensembleTracker(false)}, or it would rewrite the connect string).
 * </ul>
 *
 * <p>It also installs the schema (tables, fence, replication bootstrap) and the initial ownership.
 * Closing closes every proxy and server and deletes the directory; idempotent.
 */
public final class ChaosCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosCluster.class);
    public static final int SESSION_MS = 2_000;

    private final Path directory;
    private final Map<String, PostgresServer> postgres = new LinkedHashMap<>();
    private final Map<String, KafkaBroker> kafka = new LinkedHashMap<>();
    private final Map<String, FaultProxy> links = new LinkedHashMap<>();
    private final ZooKeeperEnsemble zooKeeper;
    private final ProcessControl processes = new ProcessControl();

    private ChaosCluster(Path directory, ZooKeeperEnsemble zooKeeper) {
        this.directory = directory;
        this.zooKeeper = zooKeeper;
    }

    /** Starts every server and proxy, installs the schema in every region and the initial ownership. */
    public static ChaosCluster start() throws Exception {
        long began = System.nanoTime();
        Path dir = Directories.createUnder(null, "tandem-chaos");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ChaosCluster cluster = null;
        try {
            Future<ZooKeeperEnsemble> zk = pool.submit(() -> ZooKeeperEnsemble.start("zk", 3, dir));
            Map<String, FaultProxy> kafkaLinks = new LinkedHashMap<>();
            Map<String, Future<KafkaBroker>> brokers = new LinkedHashMap<>();
            Map<String, Future<PostgresServer>> databases = new LinkedHashMap<>();
            for (String region : Topology.REGIONS) {
                KafkaSettings settings = KafkaSettings.of(region).withBaseDir(dir);
                for (String peer : Topology.peersOf(region)) {
                    int listenerPort = LoopbackPorts.pick();
                    FaultProxy proxy = FaultProxy.start(kafkaLink(region, peer), 0, listenerPort);
                    kafkaLinks.put(proxy.name(), proxy);
                    settings = settings.withLinkListener(new KafkaSettings.LinkListener(
                            "LINK_" + peer.toUpperCase(Locale.ROOT).replace('-', '_'), listenerPort, proxy.address()));
                }
                KafkaSettings brokerSettings = settings;
                brokers.put(region, pool.submit(() -> KafkaBroker.start(brokerSettings)));
                databases.put(
                        region,
                        pool.submit(() ->
                                PostgresServer.start(PostgresSettings.of(region).withBaseDir(dir))));
            }
            cluster = new ChaosCluster(dir, zk.get());
            cluster.links.putAll(kafkaLinks);
            for (String region : Topology.REGIONS) {
                cluster.postgres.put(region, databases.get(region).get());
                cluster.kafka.put(region, brokers.get(region).get());
                for (ZooKeeperNode node : cluster.zooKeeper.nodes()) {
                    FaultProxy proxy = FaultProxy.start(zkLink(region, node.id()), 0, node.clientPort());
                    cluster.links.put(proxy.name(), proxy);
                }
            }
            cluster.installSchema();
            cluster.installOwnership();
            LOG.info("chaos cluster up in {} ms under {}", (System.nanoTime() - began) / 1_000_000, dir);
            return cluster;
        } catch (Exception | Error e) {
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    public static String kafkaLink(String source, String consumer) {
        return "kafka " + source + "->" + consumer;
    }

    public static String zkLink(String region, int node) {
        return "zk " + region + "->" + node;
    }

    private void installSchema() throws SQLException {
        for (String region : Topology.REGIONS) {
            postgres(region).createDatabase(Topology.DATABASE);
            try (Connection c = db(region).getConnection();
                    Statement s = c.createStatement()) {
                for (String ddl : Topology.DDL) {
                    s.execute(ddl);
                }
            }
            FenceSchema fence = new FenceSchema(db(region));
            fence.bootstrap(region);
            fence.fenceTable("public.orders", "customer", Topology.SHARDS);
            fence.mapShards("public.orders", Topology::groupOfShard);
            RegionReplication.bootstrap(replicationSettings(region));
            processes.adopt(processes
                    .postgresProcesses(postgres(region).dataDirectory())
                    .get(0));
        }
    }

    /**
     * Stores the cluster configuration (tables, shards, groups) in ZooKeeper, as {@code tandem config
     * set} does; that also creates each group's ownership node at epoch 1 (group i owned by region i).
     */
    private void installOwnership() {
        try (CuratorFramework client = zooKeeperClient(zooKeeper.connectString())) {
            new ClusterConfigStore(client, paths())
                    .set(ClusterConfigCodec.parse(Topology.clusterYaml(), "chaos topology"));
        }
    }

    public Path directory() {
        return directory;
    }

    public ZkPaths paths() {
        return ZkPaths.forCluster(Topology.CLUSTER);
    }

    /** A started Curator client: 2 s session, no ensemble tracking (so fault proxies stay in the path). */
    public static CuratorFramework zooKeeperClient(String connectString) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(SESSION_MS)
                .connectionTimeoutMs(1_000)
                .retryPolicy(new RetryNTimes(Integer.MAX_VALUE, 100))
                .ensembleTracker(false)
                .build();
        client.start();
        return client;
    }

    /** The connect string region {@code region}'s daemon uses: its proxies to every ZooKeeper node. */
    public String zooKeeperConnectString(String region) {
        List<String> hosts = new ArrayList<>();
        for (ZooKeeperNode node : zooKeeper.nodes()) {
            hosts.add(links.get(zkLink(region, node.id())).address());
        }
        return String.join(",", hosts);
    }

    /** A direct connect string for the harness itself (reading the audit trail, submitting intents). */
    public String zooKeeperDirect() {
        return zooKeeper.connectString();
    }

    public RegionReplicationSettings replicationSettings(String region) {
        PostgresServer pg = postgres(region);
        Map<String, String> peers = new LinkedHashMap<>();
        for (String peer : Topology.peersOf(region)) {
            peers.put(peer, links.get(kafkaLink(peer, region)).address());
        }
        return new RegionReplicationSettings(
                region,
                new DatabaseSettings(pg.host(), pg.port(), Topology.DATABASE, pg.user(), null),
                kafka(region).bootstrapServers(),
                peers,
                Topology.TABLES,
                null,
                0,
                Duration.ofMillis(50),
                500,
                Optional.of(Duration.ofMillis(250)));
    }

    public PostgresServer postgres(String region) {
        return require(postgres, region);
    }

    public KafkaBroker kafka(String region) {
        return require(kafka, region);
    }

    /**
     * The region's database for the harness, the in-process daemon's fence and the checkers, with
     * timeouts (connect 5 s, socket 30 s): a frozen server fails a call instead of hanging it forever.
     */
    public DataSource db(String region) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {postgres(region).host()});
        ds.setPortNumbers(new int[] {postgres(region).port()});
        ds.setDatabaseName(Topology.DATABASE);
        ds.setUser(postgres(region).user());
        ds.setConnectTimeout(5);
        ds.setSocketTimeout(30);
        return ds;
    }

    /** A JDBC URL for the workload: short timeouts, so a paused or crashed database fails fast. */
    public String workloadJdbcUrl(String region) {
        return postgres(region).jdbcUrl(Topology.DATABASE)
                + (postgres(region).jdbcUrl(Topology.DATABASE).contains("?") ? "&" : "?")
                + "connectTimeout=2&socketTimeout=4&loginTimeout=3";
    }

    public ZooKeeperEnsemble zooKeeper() {
        return zooKeeper;
    }

    public FaultProxy link(String name) {
        return require(links, name);
    }

    public Map<String, FaultProxy> links() {
        return links;
    }

    /** Every link that carries region {@code region}'s traffic: its ZooKeeper links and Kafka links both ways. */
    public List<FaultProxy> linksOf(String region) {
        return links.values().stream()
                .filter(p -> p.name().startsWith("zk " + region + "->")
                        || p.name().startsWith("kafka " + region + "->")
                        || p.name().endsWith("->" + region))
                .toList();
    }

    public ProcessControl processes() {
        return processes;
    }

    public void healAllLinks() {
        links.values().forEach(FaultProxy::heal);
    }

    private static <T> T require(Map<String, T> map, String key) {
        T value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no '" + key + "' in this chaos cluster; known: " + map.keySet());
        }
        return value;
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(links.values());
        all.addAll(kafka.values());
        all.addAll(postgres.values());
        all.add(zooKeeper);
        RuntimeException failure = null;
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the chaos cluster failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        links.clear();
        kafka.clear();
        postgres.clear();
        Directories.deleteRecursively(directory);
        if (failure != null) {
            throw failure;
        }
    }
}
