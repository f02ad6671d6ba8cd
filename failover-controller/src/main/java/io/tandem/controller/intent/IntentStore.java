package io.tandem.controller.intent;

import io.tandem.controller.Json;
import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.ownership.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
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
        if (!ZkCalls.createJson(client, paths.intent(intent.group()), intent)) {
            throw new IllegalStateException("group " + intent.group() + " already has a pending intent ("
                    + read(intent.group()).map(v -> v.value().toString()).orElse("just finished")
                    + "); wait for it to finish or cancel it");
        }
    }

    public Optional<Versioned<Intent>> read(String group) {
        return ZkCalls.readJson(client, paths.intent(group), Intent.class);
    }

    public List<Versioned<Intent>> pending() {
        List<Versioned<Intent>> out = new ArrayList<>();
        for (String g : ZkCalls.children(client, paths.intents())) {
            read(g).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Replaces the intent by {@code next} (its recorded progress) if the node is still at the version
     * {@code expected} was read at.
     *
     * @return the new version; empty if the node changed or is gone (another leader, or an operator
     *     who cancelled it): read it again before going on
     */
    public Optional<Versioned<Intent>> update(Versioned<Intent> expected, Intent next) {
        if (!expected.value().id().equals(next.id())
                || !expected.value().group().equals(next.group())) {
            throw new IllegalArgumentException("cannot replace intent " + expected.value() + " with another: " + next);
        }
        String path = paths.intent(next.group());
        try {
            Stat stat = ZkCalls.call(
                    "recording progress in " + path,
                    () -> client.setData().withVersion(expected.version()).forPath(path, Json.write(next)));
            return Optional.of(new Versioned<>(next, stat.getVersion()));
        } catch (ZkCalls.ZkException e) {
            if (e.is(KeeperException.Code.NONODE) || e.is(KeeperException.Code.BADVERSION)) {
                return Optional.empty();
            }
            throw e;
        }
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
