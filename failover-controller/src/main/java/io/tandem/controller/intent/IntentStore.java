package io.tandem.controller.intent;

import io.tandem.controller.Json;
import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.ownership.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/** Pending intents, one persistent node per group. Thread-safe. */
public final class IntentStore {

    private final CuratorFramework client;
    private final ZkPaths paths;

    public IntentStore(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    /**
     * Stores {@code intent}.
     *
     * @throws IllegalStateException if the group already has a pending intent (wait for it or cancel it)
     */
    public void submit(Intent intent) {
        String path = paths.intent(intent.group());
        try {
            ZkCalls.call("creating " + path, () -> client.create()
                    .creatingParentContainersIfNeeded()
                    .withMode(CreateMode.PERSISTENT)
                    .forPath(path, Json.write(intent)));
        } catch (ZkCalls.ZkException e) {
            if (e.is(KeeperException.Code.NODEEXISTS)) {
                throw new IllegalStateException(
                        "group " + intent.group() + " already has a pending intent ("
                                + read(intent.group())
                                        .map(v -> v.value().toString())
                                        .orElse("just finished")
                                + "); wait for it to finish or cancel it",
                        e);
            }
            throw e;
        }
    }

    public Optional<Versioned<Intent>> read(String group) {
        String path = paths.intent(group);
        Stat stat = new Stat();
        try {
            byte[] data = ZkCalls.call(
                    "reading " + path,
                    () -> client.getData().storingStatIn(stat).forPath(path));
            return Optional.of(new Versioned<>(Json.read(data, Intent.class, path), stat.getVersion()));
        } catch (ZkCalls.ZkException e) {
            if (e.is(KeeperException.Code.NONODE)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public List<Versioned<Intent>> pending() {
        List<String> groups;
        try {
            groups = ZkCalls.call(
                    "listing " + paths.intents(), () -> client.getChildren().forPath(paths.intents()));
        } catch (ZkCalls.ZkException e) {
            if (e.is(KeeperException.Code.NONODE)) {
                return List.of();
            }
            throw e;
        }
        List<Versioned<Intent>> out = new ArrayList<>();
        for (String g : groups) {
            read(g).ifPresent(out::add);
        }
        return out;
    }

    /** Removes a carried-out intent, if it is still the version that was read; false otherwise. */
    public boolean remove(Versioned<Intent> done) {
        String path = paths.intent(done.value().group());
        try {
            ZkCalls.call(
                    "deleting " + path,
                    () -> client.delete().withVersion(done.version()).forPath(path));
            return true;
        } catch (ZkCalls.ZkException e) {
            if (e.is(KeeperException.Code.NONODE) || e.is(KeeperException.Code.BADVERSION)) {
                return false;
            }
            throw e;
        }
    }
}
