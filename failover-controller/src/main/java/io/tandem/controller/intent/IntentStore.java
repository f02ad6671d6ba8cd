package io.tandem.controller.intent;

import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.ownership.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

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
