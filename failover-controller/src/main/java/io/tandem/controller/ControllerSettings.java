package io.tandem.controller;

import io.tandem.controller.failover.FailoverPolicy;
import java.time.Duration;

/**
 * How one region's controller runs.
 *
 * @param paths the ZooKeeper layout (root {@code /tandem/<cluster>} by default)
 * @param region this daemon's region
 * @param participantId unique per daemon, e.g. {@code us-east/host-1}
 * @param tickInterval how often the leader ticks (default 200 ms)
 * @param policy the failover rules
 */
public record ControllerSettings(
        ZkPaths paths, String region, String participantId, Duration tickInterval, FailoverPolicy policy) {

    public ControllerSettings {
        if (paths == null || policy == null) {
            throw new IllegalArgumentException("ZooKeeper paths and failover policy are required");
        }
        Names.require("region", region);
        if (participantId == null || participantId.isBlank()) {
            throw new IllegalArgumentException("participant id is required: use region/host, unique per daemon");
        }
        if (tickInterval == null || tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("tick interval must be positive, got " + tickInterval);
        }
    }

    public static ControllerSettings of(String cluster, String region, String participantId) {
        return new ControllerSettings(
                ZkPaths.forCluster(cluster), region, participantId, Duration.ofMillis(200), FailoverPolicy.defaults());
    }
}
