package io.tandem.router.map;

import io.tandem.controller.Json;
import io.tandem.controller.Lifecycle;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.router.log.LogContext;
import io.tandem.router.route.RoutingMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing map fed by ZooKeeper: a {@link CuratorCache} on the ownership path and one on the
 * membership path; every cache event rebuilds an immutable {@link RoutingMap} and swaps it in.
 *
 * <p>Static stability: when the connection is SUSPENDED or LOST the last map stays and is marked
 * stale; on RECONNECTED the map is re-read from ZooKeeper and published fresh, clearing the flag
 * (the caches also rebuild themselves and keep following).
 *
 * <p>Access: if ZooKeeper refuses to let this client read the map (NoAuth: a missing or wrong
 * credential), the map is served as stale, {@link #accessProblem()} says which setting to fix and
 * {@link #awaitInitialized} throws it, instead of an empty map being published as current.
 *
 * <p>Lifecycle LATENT → STARTED → CLOSED by compare-and-set; {@link #close()} is idempotent and
 * does not close the Curator client, which the caller owns.
 */
public final class ZkRoutingMap implements RoutingMapSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZkRoutingMap.class);

    private final CuratorFramework client;
    private final ZkPaths paths;
    private final MonotonicClock clock;
    private final CuratorCache ownershipCache;
    private final CuratorCache membersCache;
    private final Lifecycle lifecycle = new Lifecycle("routing map");
    private final AtomicReference<RoutingMap> current = new AtomicReference<>(RoutingMap.EMPTY);
    private final CountDownLatch initialized = new CountDownLatch(2);
    private final AtomicReference<String> accessProblem = new AtomicReference<>();
    private final ConnectionStateListener connectionListener;
    private final LogContext logContext;
    private final ScheduledExecutorService refresher;

    /** @param logContext the MDC for this map's threads and its Curator callbacks (component {@code routing-map}) */
    public ZkRoutingMap(CuratorFramework client, ZkPaths paths, MonotonicClock clock, LogContext logContext) {
        this.logContext = logContext;
        this.connectionListener = (c, state) -> {
            try (LogContext.Scope s = logContext.enter()) {
                onConnectionState(state);
            }
        };
        this.refresher = Executors.newSingleThreadScheduledExecutor(logContext.threads("routing-map-refresh"));
        this.client = client;
        this.paths = paths;
        this.clock = clock;
        this.ownershipCache = CuratorCache.build(client, paths.ownership());
        this.membersCache = CuratorCache.build(client, paths.members());
    }

    /** Starts following ZooKeeper. */
    public void start() {
        lifecycle.start();
        client.getConnectionStateListenable().addListener(connectionListener);
        for (CuratorCache cache : new CuratorCache[] {ownershipCache, membersCache}) {
            cache.listenable()
                    .addListener(CuratorCacheListener.builder()
                            .forAll((type, before, after) ->
                                    logContext.wrap(this::rebuildFromCaches).run())
                            .forInitialized(
                                    logContext.wrap(() -> refresher.execute(logContext.wrap(this::cacheInitialized))))
                            .build());
            cache.start();
        }
    }

    /**
     * Waits until both caches have loaded once; returns false on timeout.
     *
     * @throws IllegalStateException when ZooKeeper refused to let this router read the map (a
     *     missing or wrong credential, or one without role reader), naming the setting to fix
     */
    public boolean awaitInitialized(Duration timeout) throws InterruptedException {
        boolean done = initialized.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        String denied = accessProblem.get();
        if (denied != null) {
            throw new IllegalStateException(denied);
        }
        return done;
    }

    /**
     * Why this map cannot be trusted, if ZooKeeper refused to let this router read it; the map is
     * then served as stale (never as a current, empty one).
     */
    public java.util.Optional<String> accessProblem() {
        return java.util.Optional.ofNullable(accessProblem.get());
    }

    /**
     * A cache finished its first load. CuratorCache reports that even when every read was refused
     * (NoAuth), which would publish an empty map as current: check that the router may read both
     * paths first, and if not, keep the map stale and say which credential to fix.
     */
    private void cacheInitialized() {
        String denied = readRefusal();
        if (denied != null && accessProblem.compareAndSet(null, denied)) {
            synchronized (this) {
                current.updateAndGet(m -> m.withStale(true, clock.nanos()));
            }
            log.error("{}", denied);
        }
        initialized.countDown();
        rebuildFromCaches();
    }

    /** The refusal when ZooKeeper will not let this client list the ownership or membership nodes, else null. */
    private String readRefusal() {
        for (String path : new String[] {paths.ownership(), paths.members()}) {
            try {
                client.getChildren().forPath(path);
            } catch (KeeperException.NoAuthException e) {
                return "ZooKeeper refused this router read access to " + path + " (NoAuth): its identity is missing,"
                        + " wrong, or not given role reader, so its routing map stays empty and is served as stale;"
                        + " fix the file named by zookeeper.credential_file (one line user:password of an identity"
                        + " whose digest id is in the cluster's zookeeper.acl.reader)";
            } catch (KeeperException.NoNodeException e) {
                // nothing stored yet: not a refusal
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("cannot check read access to {}: {}", path, e.toString());
            }
        }
        return null;
    }

    @Override
    public RoutingMap current() {
        return current.get();
    }

    private synchronized void rebuildFromCaches() {
        if (lifecycle.get() != Lifecycle.State.STARTED) {
            return;
        }
        RoutingMap before = current.get();
        Map<String, Ownership> groups = new HashMap<>();
        ownershipCache.stream().filter(d -> isChild(d, paths.ownership())).forEach(d -> parse(d, Ownership.class)
                .ifPresentOrElse(o -> groups.put(o.group(), o), () -> keepPrevious(before.groups(), d, groups)));
        Map<String, RegionMember> regions = new HashMap<>();
        membersCache.stream().filter(d -> isChild(d, paths.members())).forEach(d -> parse(d, RegionMember.class)
                .ifPresentOrElse(m -> regions.put(m.region(), m), () -> keepPrevious(before.regions(), d, regions)));
        publish(groups, regions, false);
    }

    private static <T> void keepPrevious(Map<String, T> previous, ChildData d, Map<String, T> into) {
        String name = ZKPaths.getNodeFromPath(d.getPath());
        T old = previous.get(name);
        if (old != null) {
            into.put(name, old);
        }
    }

    private static boolean isChild(ChildData d, String parent) {
        return parent.equals(ZKPaths.getPathAndNode(d.getPath()).getPath()) && d.getData() != null;
    }

    private static <T> java.util.Optional<T> parse(ChildData d, Class<T> type) {
        try {
            return java.util.Optional.of(Json.read(d.getData(), type, d.getPath()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            log.error(
                    "routing map ignores an unreadable node, keeping its last good value if any: {}",
                    e.getMessage(),
                    e);
            return java.util.Optional.empty();
        }
    }

    private synchronized void publish(
            Map<String, Ownership> groups, Map<String, RegionMember> regions, boolean clearStale) {
        RoutingMap next = current.updateAndGet(m -> {
            RoutingMap withContent = m.withContent(groups, regions);
            return clearStale && accessProblem.get() == null
                    ? withContent.withStale(false, clock.nanos())
                    : withContent;
        });
        log.debug(
                "routing map v{}: {} groups, {} regions, stale={}",
                next.version(),
                groups.size(),
                regions.size(),
                next.stale());
    }

    private void onConnectionState(ConnectionState state) {
        if (lifecycle.get() != Lifecycle.State.STARTED) {
            return;
        }
        if (!state.isConnected()) {
            RoutingMap m;
            synchronized (this) { // ordered against a reconnect refresh publishing stale=false
                m = current.updateAndGet(x -> x.withStale(true, clock.nanos()));
            }
            log.warn("ZooKeeper connection {}: serving routing map v{} as stale until it returns", state, m.version());
        } else if (state == ConnectionState.RECONNECTED) {
            refresher.execute(this::refreshAfterReconnect);
        }
    }

    /**
     * Re-reads the whole map from ZooKeeper and clears the stale flag; if the read fails the map
     * stays stale and the read is tried again in a second while the connection holds.
     */
    private void refreshAfterReconnect() {
        try {
            Map<String, Ownership> groups = new HashMap<>();
            new OwnershipStore(client, paths).snapshot().groups().forEach((g, v) -> groups.put(g, v.value()));
            Map<String, RegionMember> regions =
                    new HashMap<>(new MembershipReader(client, paths).snapshot().members());
            synchronized (this) {
                if (lifecycle.get() == Lifecycle.State.STARTED
                        && client.getZookeeperClient().isConnected()) {
                    publish(groups, regions, true);
                    log.info(
                            "ZooKeeper connection back: routing map v{} is current again",
                            current.get().version());
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "ZooKeeper reconnected but re-reading the routing map failed; staying stale, retrying in 1 s: {}",
                    e.getMessage(),
                    e);
            if (lifecycle.get() == Lifecycle.State.STARTED) {
                refresher.schedule(this::refreshAfterReconnect, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** Stops following ZooKeeper; the last map stays readable. Idempotent. */
    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        ownershipCache.close();
        membersCache.close();
        refresher.shutdownNow();
    }
}
