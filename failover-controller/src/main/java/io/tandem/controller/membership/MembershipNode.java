package io.tandem.controller.membership;

import io.tandem.controller.Json;
import io.tandem.controller.ZkPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This region's ephemeral membership node, kept by Curator's {@link PersistentNode} recipe: it is
 * recreated after a session expiry and disappears when the session ends, which is how the leader
 * learns a region is gone. {@link #update} publishes a new payload (applied positions, health,
 * fenced epochs).
 */
public final class MembershipNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MembershipNode.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final PersistentNode node;
    private final AtomicBoolean closed = new AtomicBoolean();
    private RegionMember current;

    public MembershipNode(CuratorFramework client, ZkPaths paths, RegionMember initial) {
        this.current = initial;
        this.node = new PersistentNode(
                client, CreateMode.EPHEMERAL, false, paths.member(initial.region()), Json.write(initial));
    }

    public void start() {
        node.start();
    }

    /** Waits until the node exists in ZooKeeper; returns false on timeout. */
    public boolean awaitCreated(long timeout, TimeUnit unit) throws InterruptedException {
        return node.waitForInitialCreate(timeout, unit);
    }

    public synchronized RegionMember current() {
        return current;
    }

    /** Replaces the payload with {@code change.apply(current)} and publishes it. */
    public synchronized RegionMember update(UnaryOperator<RegionMember> change) {
        RegionMember next = change.apply(current);
        if (!next.region().equals(current.region())) {
            throw new IllegalArgumentException(
                    "membership node of " + current.region() + " cannot be renamed to " + next.region());
        }
        try {
            node.setData(Json.write(next));
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish membership of " + next.region() + ": " + e.getMessage(), e);
        }
        current = next;
        return next;
    }

    /**
     * Deletes the node, waiting at most {@link #CLOSE_TIMEOUT}. A daemon stopped while cut off from
     * ZooKeeper cannot delete it (Curator's delete would wait for a server that does not answer): the
     * node then disappears when the session ends, which closing the Curator client brings about.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread closer = new Thread(
                () -> {
                    try {
                        node.close();
                    } catch (IOException e) {
                        failure.set(e);
                    }
                },
                "tandem-membership-close-" + current().region());
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (closer.isAlive()) {
            LOG.warn(
                    "membership node of {} not deleted within {} ms (ZooKeeper unreachable?); it disappears when"
                            + " the session ends: close the Curator client",
                    current().region(),
                    CLOSE_TIMEOUT.toMillis());
        } else if (failure.get() != null) {
            throw new UncheckedIOException(
                    "cannot remove membership node of " + current().region(), failure.get());
        }
    }
}
