package io.tandem.chaos.harness;

import io.tandem.chaos.fault.ClockSkew;
import io.tandem.chaos.fault.Signal;
import io.tandem.embedded.ports.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region's daemon as a child JVM: {@code tandem daemon --config <region>.yaml}, on the test's own
 * class path. Faults are real: {@link #kill()} is SIGKILL, {@link #pause()} / {@link #resume()} are
 * SIGSTOP / SIGCONT, and a skewed clock is libfaketime in the child's environment. The daemon's
 * output goes to {@code <dir>/daemon-<region>.log}.
 */
public final class DaemonProcessRegion implements RegionRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonProcessRegion.class);

    private final String region;
    private final ChaosCluster cluster;
    private final Path config;
    private final Path logFile;
    private final int httpPort = LoopbackPorts.pick();
    private volatile Duration clockOffset = Duration.ZERO;
    private Process process;

    public DaemonProcessRegion(String region, ChaosCluster cluster) {
        this.region = region;
        this.cluster = cluster;
        this.config = cluster.directory().resolve(region + ".yaml");
        this.logFile = cluster.directory().resolve("daemon-" + region + ".log");
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
        yaml.append("http:\n  port: ").append(httpPort).append('\n');
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.tandem.cli.TandemCommand",
                "daemon",
                "--config",
                config.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (!clockOffset.isZero()) {
            pb.environment().putAll(ClockSkew.environment(clockOffset));
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(region + ": cannot start the daemon JVM", e);
        }
        cluster.processes().adopt(process);
        LOG.info(
                "region {}: daemon started as pid {}{}",
                region,
                process.pid(),
                clockOffset.isZero() ? "" : " with its clock " + clockOffset.toSeconds() + " s off");
    }

    /** Polls the daemon's {@code /healthz} until it answers 200. */
    @Override
    public boolean awaitReady(Duration timeout) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        java.net.URI healthz = java.net.URI.create("http://127.0.0.1:" + httpPort + "/healthz");
        try {
            org.awaitility.Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> http.send(
                                            java.net.http.HttpRequest.newBuilder(healthz)
                                                    .timeout(Duration.ofSeconds(2))
                                                    .build(),
                                            java.net.http.HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    @Override
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        cluster.processes().send(Signal.CONT, process.pid()); // a stopped process dies on KILL too; be sure
        cluster.processes().send(Signal.KILL, process.pid());
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(region + ": daemon pid " + process.pid() + " alive 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public synchronized void pause() {
        if (process != null) {
            cluster.processes().send(Signal.STOP, process.pid());
        }
    }

    @Override
    public synchronized void resume() {
        if (process != null) {
            cluster.processes().send(Signal.CONT, process.pid());
        }
    }

    @Override
    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized Optional<String> problem() {
        if (process == null) {
            return Optional.of(region + ": not started");
        }
        if (!process.isAlive()) {
            return Optional.of(region + ": daemon pid " + process.pid() + " exited with " + process.exitValue()
                    + " (see " + logFile + ")");
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "child JVMs (tandem daemon --config <region>.yaml, pid " + (process == null ? "-" : process.pid())
                + " for " + region + ")";
    }

    @Override
    public void close() {
        kill();
    }
}
