package io.tandem.cli.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.replicator.apply.ApplierState;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.region.RegionReplication;
import io.tandem.replicator.region.RegionReplicationSettings;
import io.tandem.replicator.ship.CaptureSupervisor;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's replication for one cluster configuration: a {@link RegionReplication} over the
 * configuration's tables and regions. A configuration with other tables or policies gets a new runner;
 * closing the old one loses nothing (the slot and the apply positions are durable).
 */
final class ReplicationRunner implements AutoCloseable {
    private final List<TableSpec> tables;
    private final RegionReplication replication;

    ReplicationRunner(
            DaemonOptions options,
            Map<String, Object> kafkaClientSettings,
            ClusterConfig config,
            MeterRegistry registry,
            Clock clock) {
        this.tables = config.tables();
        Map<String, String> peers = new LinkedHashMap<>();
        for (String region : config.regions()) {
            if (!region.equals(options.region())) {
                peers.put(region, options.peerKafka().get(region));
            }
        }
        RegionReplicationSettings settings = new RegionReplicationSettings(
                options.region(),
                options.database(),
                options.kafkaBootstrap(),
                peers,
                tables,
                options.capturePollInterval(),
                0,
                Duration.ofMillis(100),
                options.applyBatchSize(),
                Optional.of(options.heartbeat()),
                options.eventFormat());
        this.replication = new RegionReplication(settings, kafkaClientSettings, registry, clock);
    }

    void start() throws SQLException, InterruptedException {
        replication.start();
    }

    /** Whether this runner replicates exactly the tables and policies of {@code config}. */
    boolean serves(ClusterConfig config) {
        return tables.equals(config.tables());
    }

    RegionReplication replication() {
        return replication;
    }

    /** What is wrong with replication now. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (replication.state() != RegionReplication.State.RUNNING) {
            problems.add("replication is " + replication.state());
        }
        if (replication.captureState().orElse(null) == CaptureSupervisor.State.GAVE_UP) {
            problems.add("capture gave up: "
                    + replication.captureFailure().map(Throwable::getMessage).orElse("unknown error"));
        }
        replication.applierStates().forEach((peer, state) -> {
            if (state == ApplierState.FAILED) {
                problems.add("applying " + peer + "'s changes failed: "
                        + replication
                                .applier(peer)
                                .flatMap(a -> a.failure())
                                .map(Throwable::getMessage)
                                .orElse("unknown error"));
            }
        });
        return problems;
    }

    @Override
    public void close() {
        replication.close();
    }
}
