package io.tandem.cli.demo;

import io.tandem.controller.ZkPaths;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;

/**
 * The demo clients' view of who owns each group, refreshed from ZooKeeper every 100 ms (what the
 * region router serves to applications). A group that is DRAINING has no writable owner.
 */
final class OwnershipView implements AutoCloseable {
    private final OwnershipStore store;
    private final Map<String, Ownership> groups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-ownership");
        t.setDaemon(true);
        return t;
    });

    OwnershipView(CuratorFramework zk) {
        this.store = new OwnershipStore(zk, ZkPaths.forCluster(DemoTopology.CLUSTER));
    }

    void start() {
        refreshNow();
        refresh.scheduleWithFixedDelay(this::refreshQuietly, 100, 100, TimeUnit.MILLISECONDS);
    }

    void refreshNow() {
        store.snapshot().groups().forEach((g, v) -> groups.put(g, v.value()));
    }

    private void refreshQuietly() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            // ZooKeeper briefly unreachable: keep serving the last known map, as the router does
        }
    }

    /** The region that may write {@code group} now, or empty while it is draining or unknown. */
    Optional<String> writableOwner(String group) {
        Ownership o = groups.get(group);
        return o == null || o.state() != OwnershipState.ACTIVE ? Optional.empty() : Optional.of(o.owner());
    }

    Optional<Ownership> read(String group) {
        return store.read(group).map(Versioned::value);
    }

    @Override
    public void close() {
        refresh.shutdownNow();
    }
}
