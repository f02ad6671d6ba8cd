package io.tandem.embedded.zookeeper;

import io.tandem.embedded.Directories;
import io.tandem.embedded.ServerStartException;
import io.tandem.embedded.ServerState;
import io.tandem.embedded.ports.BindRetry;
import io.tandem.embedded.ports.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper on loopback: one standalone server ({@code size == 1}) or a quorum of {@code
 * size} servers, all in this JVM, with {@code tickTime} {@value ZooKeeperNode#TICK_MS} ms.
 *
 * <p>Chaos tests stop and restart single nodes through {@link #node(int)} or {@link #leader()}.
 * Curator clients should be built with {@code ensembleTracker(false)}, or Curator rewrites the
 * connect string from {@code /zookeeper/config}.
 *
 * <p>{@link #close()} closes every node and deletes the ensemble's directory; it is idempotent.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
    /** How long {@link #start} waits for the nodes to elect a leader. */
    public static final Duration QUORUM_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperEnsemble.class);

    private final String name;
    private final Path directory;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile List<ZooKeeperNode> nodes = List.of();

    /** Ensembles of ours open in this JVM; when none is, stranded ZooKeeper threads are ended. */
    private static final java.util.concurrent.atomic.AtomicInteger OPEN =
            new java.util.concurrent.atomic.AtomicInteger();

    private ZooKeeperEnsemble(String name, Path directory) {
        this.name = name;
        this.directory = directory;
        OPEN.incrementAndGet();
    }

    /**
     * Starts {@code size} servers and waits until they serve (a leader elected, everyone following).
     *
     * @param name names the ensemble in logs and its directory
     * @param size 1 for a standalone server, 3 or 5 for a quorum
     * @param baseDir where the ensemble's directory is created; {@code null} means the temp dir
     */
    public static ZooKeeperEnsemble start(String name, int size, Path baseDir) {
        if (size < 1 || size > 9) {
            throw new IllegalArgumentException("ZooKeeper ensemble size must be 1 to 9, got " + size);
        }
        ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(name, Directories.createUnder(baseDir, "zookeeper-" + name));
        long began = System.nanoTime();
        try {
            BindRetry.run("zookeeper " + name, attempt -> ensemble.startNodes(size));
            LOG.info(
                    "zookeeper {} with {} node(s) serving in {} ms at {}",
                    name,
                    size,
                    (System.nanoTime() - began) / 1_000_000,
                    ensemble.connectString());
            return ensemble;
        } catch (RuntimeException e) {
            ensemble.close();
            throw e;
        }
    }

    private void startNodes(int size) {
        List<ZooKeeperMember> members = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            int quorum = size == 1 ? 0 : LoopbackPorts.pick();
            int election = size == 1 ? 0 : LoopbackPorts.pick();
            members.add(new ZooKeeperMember(id, LoopbackPorts.pick(), quorum, election));
        }
        List<ZooKeeperNode> created = new ArrayList<>();
        for (ZooKeeperMember member : members) {
            created.add(new ZooKeeperNode(name, nodeDirectory(member.id()), member, members));
        }
        nodes = List.copyOf(created);
        try {
            created.forEach(ZooKeeperNode::start);
            awaitQuorum(QUORUM_TIMEOUT);
        } catch (RuntimeException e) {
            created.forEach(ZooKeeperNode::close);
            List<Integer> taken = members.stream()
                    .flatMap(m -> List.of(m.clientPort(), m.quorumPort(), m.electionPort()).stream())
                    .filter(port -> port != 0 && !LoopbackPorts.isFree(port))
                    .toList();
            if (!taken.isEmpty() && !LoopbackPorts.isAddressInUse(e)) {
                ServerStartException conflict = new ServerStartException(
                        "zookeeper " + name + ": ports " + taken + " taken by another process",
                        new BindException("Address already in use: " + taken));
                conflict.addSuppressed(e);
                throw conflict;
            }
            throw e;
        }
    }

    private Path nodeDirectory(int id) {
        Path dir = directory.resolve("node-" + id);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }

    /**
     * Waits, at most {@code timeout}, until every RUNNING node serves and, in a quorum, one of them
     * leads.
     *
     * @throws ServerStartException naming each node's mode when the deadline passes
     */
    public void awaitQuorum(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, ZooKeeperMode> modes = modes();
            if (hasQuorum(modes)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ServerStartException("zookeeper " + name + ": no serving quorum after " + timeout
                        + "; node modes: " + modes + ". Check the ZooKeeper log lines above.");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerStartException("zookeeper " + name + ": interrupted while waiting for a quorum", e);
            }
        }
    }

    private boolean hasQuorum(Map<Integer, ZooKeeperMode> modes) {
        boolean allServing = modes.values().stream().allMatch(ZooKeeperMode::isServing);
        long leaders =
                modes.values().stream().filter(m -> m == ZooKeeperMode.LEADER).count();
        return !modes.isEmpty() && allServing && (nodes.size() == 1 || leaders == 1);
    }

    /** The mode of each RUNNING node, by id. */
    public Map<Integer, ZooKeeperMode> modes() {
        return nodes.stream()
                .filter(n -> n.state() == ServerState.RUNNING)
                .collect(Collectors.toMap(ZooKeeperNode::id, ZooKeeperNode::mode, (a, b) -> a, java.util.TreeMap::new));
    }

    /** The node that leads the quorum now, if one does (a standalone server counts as leading). */
    public Optional<ZooKeeperNode> leader() {
        return nodes.stream()
                .filter(n -> n.state() == ServerState.RUNNING)
                .filter(n -> {
                    ZooKeeperMode mode = n.mode();
                    return mode == ZooKeeperMode.LEADER || mode == ZooKeeperMode.STANDALONE;
                })
                .findFirst();
    }

    /** The RUNNING nodes that follow the leader now. */
    public List<ZooKeeperNode> followers() {
        return nodes.stream()
                .filter(n -> n.state() == ServerState.RUNNING && n.mode() == ZooKeeperMode.FOLLOWER)
                .toList();
    }

    /** The node with server id {@code id} (1-based). */
    public ZooKeeperNode node(int id) {
        return nodes.stream()
                .filter(n -> n.id() == id)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "zookeeper " + name + " has no node " + id + "; ids are 1.." + nodes.size()));
    }

    public List<ZooKeeperNode> nodes() {
        return nodes;
    }

    public int size() {
        return nodes.size();
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}: every node, stopped ones included. */
    public String connectString() {
        return nodes.stream().map(ZooKeeperNode::connectString).collect(Collectors.joining(","));
    }

    public Path directory() {
        return directory;
    }

    /** Closes every node and deletes the ensemble's directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (ZooKeeperNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (OPEN.decrementAndGet() == 0) {
            StrandedSenders.interruptAll();
        }
        Directories.deleteRecursively(directory);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "zookeeper " + name + " " + connectString();
    }
}
