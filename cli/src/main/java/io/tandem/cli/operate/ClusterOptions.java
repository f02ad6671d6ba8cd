package io.tandem.cli.operate;

import io.tandem.controller.ZkPaths;
import picocli.CommandLine.Option;

/** Where the cluster's coordination lives: shared by every operator command. */
public final class ClusterOptions {
    @Option(
            names = "--zookeeper",
            paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:TANDEM_ZOOKEEPER_CONNECT:-127.0.0.1:2181}",
            description = "ZooKeeper connect string (default: $TANDEM_ZOOKEEPER_CONNECT or ${DEFAULT-VALUE}).")
    String zookeeper;

    @Option(
            names = "--cluster",
            defaultValue = "${env:TANDEM_CLUSTER:-tandem}",
            description = "Cluster name (default: $TANDEM_CLUSTER or ${DEFAULT-VALUE}).")
    String cluster;

    @Option(
            names = "--output",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    ZkPaths paths() {
        return ZkPaths.forCluster(cluster);
    }
}
