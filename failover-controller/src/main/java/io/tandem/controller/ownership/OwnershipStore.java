package io.tandem.controller.ownership;

import io.tandem.controller.Json;
import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The ownership map in ZooKeeper: one persistent node per shard group holding an {@link Ownership}
 * as JSON. Reads return the record with its node version; writes are compare-and-set on that version
 * and must raise the epoch by exactly one, so epochs strictly increase per group and no two writers
 * can both win at one epoch. Thread-safe (stateless over the Curator client).
 */
public final class OwnershipStore {

    private final CuratorFramework client;
    private final ZkPaths paths;

    public OwnershipStore(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    /**
     * Creates the group's first ownership (epoch 1).
     *
     * @throws OwnershipConflictException if the group already has an ownership node
     */
    public Versioned<Ownership> create(Ownership initial) {
        if (initial.epoch() != 1) {
            throw new IllegalArgumentException(
                    "a new group starts at epoch 1, not " + initial.epoch() + ": " + initial);
        }
        if (!ZkCalls.createJson(client, paths.ownership(initial.group()), initial)) {
            throw new OwnershipConflictException(
                    "group " + initial.group() + " already has an owner; read it and switch over instead", null);
        }
        return new Versioned<>(initial, 0);
    }

    public Optional<Versioned<Ownership>> read(String group) {
        return ZkCalls.readJson(client, paths.ownership(group), Ownership.class);
    }

    /** Every group's ownership; each entry carries its own version (groups are independent). */
    public OwnershipSnapshot snapshot() {
        Map<String, Versioned<Ownership>> map = new HashMap<>();
        for (String group : ZkCalls.children(client, paths.ownership())) {
            read(group).ifPresent(v -> map.put(group, v));
        }
        return new OwnershipSnapshot(map);
    }

    /**
     * Writes {@code next} if the group's node is still at {@code expected}'s version.
     *
     * @throws IllegalArgumentException if {@code next} is not the successor of {@code expected}
     *     (other group, or epoch not exactly one higher)
     * @throws OwnershipConflictException if the node changed since {@code expected} was read
     */
    public Versioned<Ownership> compareAndSet(Versioned<Ownership> expected, Ownership next) {
        Ownership current = expected.value();
        if (!current.group().equals(next.group())) {
            throw new IllegalArgumentException(
                    "cannot replace " + current + " with a record of another group: " + next);
        }
        if (next.epoch() != current.epoch() + 1) {
            throw new IllegalArgumentException("epoch must rise by one per change: " + current + " -> " + next);
        }
        String path = paths.ownership(next.group());
        try {
            Stat stat = ZkCalls.call(
                    "writing " + path,
                    () -> client.setData().withVersion(expected.version()).forPath(path, Json.write(next)));
            return new Versioned<>(next, stat.getVersion());
        } catch (ZkCalls.ZkException e) {
            if (e.is(KeeperException.Code.BADVERSION) || e.is(KeeperException.Code.NONODE)) {
                throw new OwnershipConflictException(
                        "group " + next.group() + " changed since it was read at node version " + expected.version()
                                + " (" + current + "); not writing " + next + ": read again and decide again",
                        e);
            }
            throw e;
        }
    }
}
