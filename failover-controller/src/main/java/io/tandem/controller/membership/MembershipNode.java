package io.tandem.controller.membership;

import io.tandem.controller.Json;
import io.tandem.controller.ZkPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;

/**
 * This region's ephemeral membership node, kept by Curator's {@link PersistentNode} recipe: it is
 * recreated after a session expiry and disappears when the session ends, which is how the leader
 * learns a region is gone. {@link #update} publishes a new payload (applied positions, health,
 * fenced epochs). {@link #close()} is idempotent.
 */
public final class MembershipNode implements AutoCloseable {

    private final PersistentNode node;
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

    @Override
    public void close() {
        try {
            node.close(); // PersistentNode.close() is itself idempotent
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove membership node of " + current().region(), e);
        }
    }
}
