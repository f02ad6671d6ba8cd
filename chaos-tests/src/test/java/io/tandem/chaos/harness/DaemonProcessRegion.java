package io.tandem.chaos.harness;

import io.tandem.chaos.fault.ClockSkew;
import io.tandem.chaos.fault.Signal;
import io.tandem.cli.daemon.DaemonLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region's daemon as a child JVM: {@code tandem daemon --config <region>.yaml}, started by the
 * CLI's {@link DaemonLauncher} (the one {@code tandem demo} uses) on the test's own class path with
 * the quick-start JVM profile. Faults are real: {@link #kill()} is SIGKILL, {@link #pause()} /
 * {@link #resume()} are SIGSTOP / SIGCONT, and a skewed clock is libfaketime in the child's
 * environment. The daemon's output goes to {@code <dir>/daemon-<region>.log}.
 */
public final class DaemonProcessRegion implements RegionRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonProcessRegion.class);

    private final String region;
    private final ChaosCluster cluster;
    private final Path config;
    private final DaemonLauncher launcher;
    private volatile Duration clockOffset = Duration.ZERO;
    private volatile long startedAt;

    public DaemonProcessRegion(String region, ChaosCluster cluster) {
        this.region = region;
        this.cluster = cluster;
        this.config = cluster.directory().resolve(region + ".yaml");
        this.launcher = new DaemonLauncher(
                region,
                config,
                cluster.directory().resolve("daemon-" + region + ".log"),
                DaemonLauncher.Jvm.QUICK_START);
        try {
            Files.writeString(config, regionYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
    }

    private String regionYaml() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("cluster: ").append(Topology.CLUSTER).append('\n');
        yaml.append("region: ").append(region).append('\n');
        yaml.append("postgres:\n  url: ")
                .append(cluster.postgres(region).jdbcUrl(Topology.DATABASE))
                .append('\n');
        yaml.append("  user: ").append(cluster.postgres(region).user()).append('\n');
        yaml.append("kafka:\n  bootstrap: ")
                .append(cluster.kafka(region).bootstrapServers())
                .append('\n');
        yaml.append("peers:\n");
        for (String peer : Topology.peersOf(region)) {
            yaml.append("  ")
                    .append(peer)
                    .append(":\n    kafka: ")
                    .append(cluster.link(ChaosCluster.kafkaLink(peer, region)).address())
                    .append('\n');
        }
        yaml.append("zookeeper:\n  connect: ")
                .append(cluster.zooKeeperConnectString(region))
                .append("\n  session-timeout: 2s\n");
        yaml.append("http:\n  port: 0\n"); // the launcher reads the bound port from the daemon's output
        yaml.append("capture:\n  heartbeat-interval: 200ms\n");
        yaml.append("failover:\n  detection-time: 3s\n  hold-down: 4s\n  max-lag: 30s\n");
        return yaml.toString();
    }

    @Override
    public String region() {
        return region;
    }

    /** The wall-clock offset of the next {@link #start()} (libfaketime); zero for a true clock. */
    public void skewClock(Duration offset) {
        clockOffset = offset;
    }

    @Override
    public synchronized void start() {
        if (running()) {
            return;
        }
        Duration offset = clockOffset;
        launcher.environment(offset.isZero() ? Map.of() : ClockSkew.environment(offset));
        Process process;
        try {
            process = launcher.start();
        } catch (IOException e) {
            throw new UncheckedIOException(region + ": cannot start the daemon JVM", e);
        }
        startedAt = System.nanoTime();
        cluster.processes().adopt(process);
        LOG.info(
                "region {}: daemon started as pid {}{}",
                region,
                process.pid(),
                offset.isZero() ? "" : " with its clock " + offset.toSeconds() + " s off");
    }

    /** Waits until the daemon's {@code /healthz} answers 200; false if it exits or does not in time. */
    @Override
    public boolean awaitReady(Duration timeout) {
        try {
            launcher.awaitHealthy(timeout);
            LOG.info(
                    "region {}: daemon pid {} healthy {} ms after its start",
                    region,
                    launcher.pid().orElse(-1L),
                    (System.nanoTime() - startedAt) / 1_000_000);
            return true;
        } catch (IllegalStateException e) {
            LOG.warn("region {}: {}", region, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void kill() {
        try {
            launcher.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void pause() {
        launcher.pid().filter(pid -> launcher.isAlive()).ifPresent(pid -> cluster.processes()
                .send(Signal.STOP, pid));
    }

    @Override
    public synchronized void resume() {
        launcher.pid().filter(pid -> launcher.isAlive()).ifPresent(pid -> cluster.processes()
                .send(Signal.CONT, pid));
    }

    @Override
    public synchronized boolean running() {
        return launcher.isAlive();
    }

    @Override
    public synchronized Optional<String> problem() {
        if (launcher.pid().isEmpty()) {
            return Optional.of(region + ": not started");
        }
        if (!launcher.isAlive()) {
            return Optional.of(region + ": daemon pid " + launcher.pid().get() + " exited with " + launcher.exitValue()
                    + " (see " + launcher.log() + ")");
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "child JVMs (tandem daemon --config <region>.yaml, pid "
                + launcher.pid().map(String::valueOf).orElse("-") + " for " + region + ")";
    }

    @Override
    public void close() {
        kill();
    }
}
