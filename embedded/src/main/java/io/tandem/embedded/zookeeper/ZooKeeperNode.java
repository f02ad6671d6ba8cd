package io.tandem.embedded.zookeeper;

import io.tandem.embedded.ManagedServer;
import io.tandem.embedded.ServerStartException;
import io.tandem.embedded.ports.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * One real ZooKeeper server in this JVM ({@link ZooKeeperServerEmbedded}) on 127.0.0.1: standalone
 * when it is the only member, otherwise a participant of a quorum. Created by {@link
 * ZooKeeperEnsemble}, which chooses the ports.
 *
 * <p>{@link #stop()} then {@link #start()} restarts it on the same data directory and ports.
 * {@link #close()} is idempotent and deletes its directory (ZooKeeper itself never does).
 */
public final class ZooKeeperNode extends ManagedServer {
    static final int TICK_MS = 200;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(10);

    private final ZooKeeperMember self;
    private final List<ZooKeeperMember> members;
    private volatile ZooKeeperServerEmbedded server;

    ZooKeeperNode(String ensembleName, Path directory, ZooKeeperMember self, List<ZooKeeperMember> members) {
        super("zookeeper " + ensembleName + "/" + self.id(), directory);
        this.self = self;
        this.members = List.copyOf(members);
    }

    @Override
    protected void startServer(boolean firstStart) {
        Path dataDir = directory().resolve("data");
        try {
            Files.createDirectories(dataDir);
            if (members.size() > 1) {
                Files.writeString(dataDir.resolve("myid"), Integer.toString(self.id()), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name() + ": could not prepare " + dataDir, e);
        }
        try {
            ZooKeeperServerEmbedded starting = ZooKeeperServerEmbedded.builder()
                    .baseDir(directory())
                    .configuration(configuration(dataDir))
                    // EXIT would call System.exit in this JVM when the server stops unexpectedly.
                    .exitHandler(ExitHandler.LOG_ONLY)
                    .build();
            server = starting;
            starting.start(START_TIMEOUT.toMillis());
        } catch (TimeoutException e) {
            server = null;
            if (!LoopbackPorts.isFree(self.clientPort())) {
                throw new ServerStartException(
                        name() + ": client port " + self.clientPort() + " is taken",
                        new BindException("Address already in use: " + self.clientPort()));
            }
            throw new ServerStartException(
                    name() + " did not start within " + START_TIMEOUT + " on client port " + self.clientPort()
                            + "; see the ZooKeeper log lines above",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException(name() + ": interrupted while starting", e);
        } catch (Exception e) {
            throw new ServerStartException(name() + " could not start with data directory " + dataDir, e);
        }
    }

    private Properties configuration(Path dataDir) {
        Properties p = new Properties();
        p.setProperty("dataDir", dataDir.toAbsolutePath().toString());
        p.setProperty("tickTime", Integer.toString(TICK_MS));
        p.setProperty("initLimit", "20");
        p.setProperty("syncLimit", "10");
        p.setProperty("clientPort", Integer.toString(self.clientPort()));
        p.setProperty("clientPortAddress", LoopbackPorts.HOST);
        p.setProperty("admin.enableServer", "false");
        p.setProperty("maxClientCnxns", "0");
        if (members.size() > 1) {
            p.setProperty("reconfigEnabled", "false");
            for (ZooKeeperMember m : members) {
                p.setProperty("server." + m.id(), m.serverLine(LoopbackPorts.HOST));
            }
        }
        return p;
    }

    @Override
    protected void stopServer() {
        ZooKeeperServerEmbedded running = server;
        server = null;
        if (running != null) {
            running.close();
            awaitPortsReleased();
        }
    }

    /** ZooKeeper closes some sockets on its own threads: wait, bounded, so a restart can bind them. */
    private void awaitPortsReleased() {
        long deadline = System.nanoTime() + PORT_RELEASE_TIMEOUT.toNanos();
        while (!portsFree()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name() + ": ports " + self + " still bound " + PORT_RELEASE_TIMEOUT
                        + " after stopping; a ZooKeeper thread is stuck");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name() + ": interrupted while waiting for its ports to be released", e);
            }
        }
    }

    private boolean portsFree() {
        return LoopbackPorts.isFree(self.clientPort())
                && (members.size() == 1
                        || (LoopbackPorts.isFree(self.quorumPort()) && LoopbackPorts.isFree(self.electionPort())));
    }

    public int id() {
        return self.id();
    }

    public int clientPort() {
        return self.clientPort();
    }

    public ZooKeeperMember member() {
        return self;
    }

    /** {@code 127.0.0.1:<clientPort>}: this node alone. */
    public String connectString() {
        return LoopbackPorts.HOST + ":" + self.clientPort();
    }

    /** What the node says it is now (leader, follower, standalone, not serving, unreachable). */
    public ZooKeeperMode mode() {
        return ZooKeeperProbe.mode(self.clientPort());
    }
}
