package io.tandem.embedded.zookeeper;

import io.tandem.embedded.Directories;
import io.tandem.embedded.ServerStartException;
import io.tandem.embedded.ports.LoopbackPorts;
import io.tandem.embedded.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone ZooKeeper that serves clients only over TLS: a {@code secureClientPort} on loopback
 * (no plain client port) with the Netty connection factory, a server certificate issued by a test
 * CA, and optionally client certificates required ({@code ssl.clientAuth=need}).
 *
 * <p>It runs as a child JVM on this JVM's class path: ZooKeeper's server reads its TLS settings
 * from JVM-wide system properties, which in-process would leak into every ZooKeeper client and
 * server of the test JVM. {@link #close()} stops the child it started (by its handle) and is
 * idempotent.
 */
public final class SecureZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecureZooKeeper.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path directory;
    private final Path log;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SecureZooKeeper(Process process, int port, Path directory, Path log) {
        this.process = process;
        this.port = port;
        this.directory = directory;
        this.log = log;
    }

    /**
     * Starts the server with a certificate from {@code ca} and waits until its port accepts
     * connections.
     *
     * @param requireClientCertificates whether clients must present a certificate chaining to {@code ca}
     */
    public static SecureZooKeeper start(TestCertificates ca, boolean requireClientCertificates, Path baseDir) {
        Path dir = Directories.createUnder(baseDir, "zookeeper-tls");
        try {
            TestCertificates.Issued server = ca.issue("zookeeper", dir.resolve("tls"));
            Path keyStore = dir.resolve("tls").resolve("zookeeper-keystore.pem");
            Files.writeString(keyStore, Files.readString(server.key()) + Files.readString(server.certificate()));
            Path data = Files.createDirectories(dir.resolve("data"));
            int port = LoopbackPorts.pick();
            Path config = Files.writeString(
                    dir.resolve("zoo.cfg"),
                    String.join(
                            "\n",
                            "dataDir=" + data,
                            "tickTime=" + ZooKeeperNode.TICK_MS,
                            "secureClientPort=" + port,
                            "secureClientPortAddress=" + LoopbackPorts.HOST,
                            "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                            "ssl.keyStore.location=" + keyStore,
                            "ssl.keyStore.type=PEM",
                            "ssl.trustStore.location=" + server.authority(),
                            "ssl.trustStore.type=PEM",
                            "ssl.clientAuth=" + (requireClientCertificates ? "need" : "none"),
                            "admin.enableServer=false",
                            "maxClientCnxns=0",
                            ""));
            Path log = dir.resolve("zookeeper.log");
            Process process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx128m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "org.apache.zookeeper.server.ZooKeeperServerMain",
                            config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            SecureZooKeeper zk = new SecureZooKeeper(process, port, dir, log);
            try {
                zk.awaitListening();
            } catch (RuntimeException e) {
                zk.close();
                throw e;
            }
            LOG.info("TLS-only zookeeper (pid {}) serving at {}", process.pid(), zk.connectString());
            return zk;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up a TLS ZooKeeper under " + dir, e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ServerStartException(
                        "TLS zookeeper exited with " + process.exitValue() + "; its log " + log + " says:\n" + tail(),
                        null);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LoopbackPorts.HOST, port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ServerStartException("interrupted while starting a TLS zookeeper", e);
                }
            }
        }
        throw new ServerStartException(
                "TLS zookeeper did not listen on " + port + " within " + START_TIMEOUT + "; " + log + ":\n" + tail(),
                null);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** {@code 127.0.0.1:port} of the secure client port. */
    public String connectString() {
        return LoopbackPorts.HOST + ":" + port;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
