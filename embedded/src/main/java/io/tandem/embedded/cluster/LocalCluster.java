package io.tandem.embedded.cluster;

import io.tandem.embedded.Directories;
import io.tandem.embedded.EmbeddedServer;
import io.tandem.embedded.ServerStartException;
import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.kafka.KafkaSettings;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.embedded.zookeeper.ZooKeeperEnsemble;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several regions (each a PostgreSQL and a Kafka broker) and one ZooKeeper, all real, all on
 * loopback, all started in parallel:
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.builder().regions("us-east", "eu-west").zooKeeperNodes(3).start()) {
 *     DataSource db = cluster.region("us-east").postgres().dataSource();
 *     String kafka = cluster.region("eu-west").kafka().bootstrapServers();
 *     String zk = cluster.zooKeeper().connectString();
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes every server and deletes the cluster's directory; it is idempotent. If
 * a start fails, every server already started is closed before {@link Builder#start()} throws.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    private final Path directory;
    private final Map<String, Region> regions;
    private final ZooKeeperEnsemble zooKeeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalCluster(Path directory, Map<String, Region> regions, ZooKeeperEnsemble zooKeeper) {
        this.directory = directory;
        this.regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
        this.zooKeeper = zooKeeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The region called {@code name}. */
    public Region region(String name) {
        Region region = regions.get(name);
        if (region == null) {
            throw new IllegalArgumentException(
                    "no region '" + name + "' in this cluster; regions: " + regions.keySet());
        }
        return region;
    }

    /** Every region, in the order they were named. */
    public Map<String, Region> regions() {
        return regions;
    }

    public ZooKeeperEnsemble zooKeeper() {
        return zooKeeper;
    }

    /** The directory every server's directory lives under; deleted on close. */
    public Path directory() {
        return directory;
    }

    /** Closes every server and deletes {@link #directory()}. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<AutoCloseable> all = new ArrayList<>(regions.values());
        all.add(zooKeeper);
        Closer.closeAll(all, directory);
    }

    /** Which regions and how many ZooKeeper nodes to start, and where. */
    public static final class Builder {
        private final Set<String> regionNames = new LinkedHashSet<>();
        private int zooKeeperNodes = 1;
        private Path baseDir;

        private Builder() {}

        /** Adds regions by name (letters, digits, '.', '_', '-'); at least one is needed. */
        public Builder regions(String... names) {
            for (String name : names) {
                if (!regionNames.add(name)) {
                    throw new IllegalArgumentException("region '" + name + "' named twice");
                }
            }
            return this;
        }

        /** 1 (the default) for a standalone ZooKeeper, 3 or 5 for a quorum. */
        public Builder zooKeeperNodes(int count) {
            this.zooKeeperNodes = count;
            return this;
        }

        /** Where the cluster's directory is created; the system temp dir by default. */
        public Builder baseDir(Path dir) {
            this.baseDir = dir;
            return this;
        }

        /**
         * Starts every server in parallel and returns once all accept clients.
         *
         * @throws ServerStartException if any server could not start, after closing all the others
         */
        public LocalCluster start() {
            if (regionNames.isEmpty()) {
                throw new IllegalArgumentException(
                        "a local cluster needs at least one region: call regions(\"us-east\", ...)");
            }
            long began = System.nanoTime();
            Path dir = Directories.createUnder(baseDir, "tandem-cluster");
            Map<String, PostgresServer> postgres = new LinkedHashMap<>();
            Map<String, KafkaBroker> kafka = new LinkedHashMap<>();
            List<EmbeddedServer> servers = new ArrayList<>();
            try {
                for (String name : regionNames) {
                    PostgresServer pg =
                            new PostgresServer(PostgresSettings.of(name).withBaseDir(dir));
                    servers.add(pg);
                    postgres.put(name, pg);
                    KafkaBroker broker = new KafkaBroker(KafkaSettings.of(name).withBaseDir(dir));
                    servers.add(broker);
                    kafka.put(name, broker);
                }
            } catch (RuntimeException e) {
                Closer.closeAllAfterFailure(new ArrayList<>(servers), dir, e);
                throw e;
            }
            ParallelStart.Result result = ParallelStart.run(servers, zooKeeperNodes, dir);
            if (result.failure() != null) {
                List<AutoCloseable> all = new ArrayList<>(servers);
                if (result.zooKeeper() != null) {
                    all.add(result.zooKeeper());
                }
                Closer.closeAllAfterFailure(all, dir, result.failure());
                throw result.failure();
            }
            Map<String, Region> regions = new LinkedHashMap<>();
            for (String name : regionNames) {
                regions.put(name, new Region(name, postgres.get(name), kafka.get(name)));
            }
            LOG.info(
                    "local cluster with regions {} and {} ZooKeeper node(s) started in {} ms under {}",
                    regionNames,
                    zooKeeperNodes,
                    (System.nanoTime() - began) / 1_000_000,
                    dir);
            return new LocalCluster(dir, regions, result.zooKeeper());
        }
    }
}
