package io.tandem.cli.cluster;

import io.tandem.cli.config.ConfigException;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The cluster configuration node {@code /tandem/<cluster>/config}: read with its node version,
 * written by compare-and-set after validation, and the shard groups' first ownership nodes created
 * with it. Daemons watch the node with a {@link ClusterConfigWatch}.
 */
public final class ClusterConfigStore {
    private final CuratorFramework client;
    private final ZkPaths paths;

    public ClusterConfigStore(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    public String path() {
        return paths.config();
    }

    /**
     * The stored configuration with its node version, or empty when none was set yet.
     *
     * @throws ConfigException when the stored document is invalid (naming the node)
     */
    public Optional<Versioned<ClusterConfig>> read() {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).forPath(paths.config());
            return Optional.of(new Versioned<>(decode(data), stat.getVersion()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + paths.config() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores {@code next} if the node is still at the version read first, after checking that it may
     * replace the stored configuration; then creates the ownership node of every new group.
     *
     * @return the stored configuration and its new node version
     * @throws ConfigException naming every reason when {@code next} may not replace the stored one
     * @throws IllegalStateException when someone else changed the node meanwhile (read and try again)
     */
    public Versioned<ClusterConfig> set(ClusterConfig next) {
        Optional<Versioned<ClusterConfig>> current = read();
        if (current.isPresent()) {
            List<String> why = current.get().value().whyNotReplaceableBy(next);
            if (!why.isEmpty()) {
                throw new ConfigException(why.stream()
                        .map(w -> new ConfigException.Problem(w.substring(0, w.indexOf(':')), paths.config(), w))
                        .toList());
            }
        }
        byte[] data = ClusterConfigCodec.toJson(next).getBytes(StandardCharsets.UTF_8);
        int version;
        try {
            if (current.isEmpty()) {
                client.create().creatingParentsIfNeeded().forPath(paths.config(), data);
                version = 0;
            } else {
                version = client.setData()
                        .withVersion(current.get().version())
                        .forPath(paths.config(), data)
                        .getVersion();
            }
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
            throw new IllegalStateException(
                    paths.config() + " changed while this change was being made; read it again and retry", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + paths.config() + ": " + e.getMessage(), e);
        }
        OwnershipStore ownership = new OwnershipStore(client, paths);
        for (GroupSpec group : next.groups()) {
            if (ownership.read(group.name()).isEmpty()) {
                try {
                    ownership.create(Ownership.initial(group.name(), group.initialOwner()));
                } catch (RuntimeException e) {
                    if (ownership.read(group.name()).isEmpty()) {
                        throw e; // not a concurrent creation: a real failure
                    }
                }
            }
        }
        return new Versioned<>(next, version);
    }

    static ClusterConfig decode(byte[] data) {
        return ClusterConfigCodec.parse(new String(data, StandardCharsets.UTF_8), "ZooKeeper node config");
    }
}
