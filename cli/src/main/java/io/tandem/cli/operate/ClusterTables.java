package io.tandem.cli.operate;

import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.controller.ZkPaths;
import io.tandem.replicator.config.TableSpec;

/**
 * A replicated table's declaration (key, mode, policy, counters) read from the cluster configuration
 * in ZooKeeper, for commands outside the daemon that must treat the table as the appliers do
 * ({@code tandem repair}).
 */
public final class ClusterTables {
    private ClusterTables() {}

    /**
     * @throws IllegalArgumentException when the cluster has no configuration or does not replicate the table
     * @throws Coordination.Unavailable when ZooKeeper cannot be reached
     * @throws io.tandem.cli.config.ConfigException when the stored configuration is invalid
     */
    public static TableSpec lookup(String zookeeper, String cluster, String table) {
        // the credential, if any, comes from $TANDEM_CREDENTIAL_FILE or $TANDEM_CREDENTIAL (reading needs role reader)
        try (Coordination zk = Coordination.connect(
                zookeeper,
                io.tandem.controller.access.Credential.resolve(java.util.Optional.empty(), System.getenv()),
                ZkPaths.forCluster(cluster))) {
            ClusterConfigStore store = new ClusterConfigStore(zk.client(), ZkPaths.forCluster(cluster));
            ClusterConfig config = store.read()
                    .orElseThrow(() -> new IllegalArgumentException("cluster " + cluster + " has no configuration at "
                            + store.path() + "; store one with `tandem config set --file cluster.yaml`, or give --key"
                            + " (and --policy, --counters) instead of --zookeeper"))
                    .value();
            return config.table(table)
                    .orElseThrow(() -> new IllegalArgumentException("--table " + table
                            + ": not a replicated table of cluster " + cluster + " (it replicates "
                            + String.join(
                                    ", ",
                                    config.tables().stream()
                                            .map(TableSpec::name)
                                            .toList())
                            + ")"));
        }
    }
}
