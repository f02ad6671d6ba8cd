package io.tandem.cli.daemon;

import io.tandem.cli.cluster.ClusterConfig;
import java.util.ArrayList;
import java.util.List;

/** Whether a cluster configuration fits this daemon's own settings, and why not. */
final class ClusterConfigFit {
    private ClusterConfigFit() {}

    static List<String> problems(ClusterConfig config, DaemonOptions options) {
        List<String> problems = new ArrayList<>();
        if (!config.regions().contains(options.region())) {
            problems.add("the cluster configuration lists regions " + config.regions()
                    + " but not this daemon's region '" + options.region()
                    + "': add it with `tandem config set`, or fix `region` in this daemon's file");
        }
        for (String peer : config.regions()) {
            if (!peer.equals(options.region()) && !options.peerKafka().containsKey(peer)) {
                problems.add("the cluster has region " + peer + " but this daemon has no peers." + peer
                        + ".kafka setting: add that region's Kafka bootstrap servers to its file");
            }
        }
        return problems;
    }
}
