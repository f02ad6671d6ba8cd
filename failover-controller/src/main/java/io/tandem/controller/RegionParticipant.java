package io.tandem.controller;

import io.tandem.controller.fence.FenceStore;
import io.tandem.controller.fence.WalPosition;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.MembershipNode;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region daemon's part in ownership: it keeps the region's membership node, keeps the region's
 * database fence in step with the ownership map, and fences the database itself when it loses
 * touch with ZooKeeper.
 *
 * <h2>Timing budget (ZooKeeper session timeout S = 2 s in tests; size S for production the same way)</h2>
 *
 * <ol>
 *   <li>The ZooKeeper client declares the connection lost after hearing nothing from the server for
 *       its read timeout, 2/3 of S (≈ 1.33 s); Curator then posts SUSPENDED (at once if the socket
 *       breaks).
 *   <li>On SUSPENDED (or LOST) this participant calls {@link FenceStore#fenceAll} at once on Curator's
 *       state thread, bounded by {@link FenceStore#FENCE_STATEMENT_TIMEOUT} (300 ms) plus a local
 *       connect: the database refuses local writes by ≈ 1.7 s, before the session (and the
 *       region's membership node) can expire at S. Measured in {@code SelfFencingIntegrationTest}.
 *   <li>The server expires the session at S after the last heartbeat and deletes the membership node.
 *   <li>The leader moves the region's groups only after the node has stayed gone for
 *       {@code absent-for} (default 5 s, never less than S + a margin): the new owner can take writes
 *       no earlier than S + absent-for after the old owner fell silent, while the old owner fenced
 *       itself at ≈ 2/3 S. The margin absorbs a slow fence, clock-rate drift and short pauses.
 *   <li>A process that is frozen (SIGSTOP, long GC) cannot fence anything, so the database fences
 *       itself: the participant holds a <em>write lease</em> in {@code tandem.local_region.lease_until}
 *       of length L (default 2/3 of the negotiated session timeout, ≈ 1.33 s), renewed every L/4.
 *       Each renewal reads the database clock d0 first, then makes a ZooKeeper round trip on the
 *       session the last ownership sync ran under, then sets the lease to d0 + L only if that is
 *       still in the future. The session was alive after d0, so the server cannot expire it before
 *       d0 + S, and the leader moves nothing before d0 + S + absent-for, long after the lease ended
 *       at d0 + L. A pause anywhere in the renewal only makes it arrive too late to count. The fence
 *       trigger refuses local writes once the lease has passed, whatever the daemon believes.
 * </ol>
 *
 * <p>On (re)connection the participant re-reads every group, applies it to the database (epochs only
 * rise), lifts the region-wide fence and publishes the enforced epochs in its membership node, which
 * is what a switchover waits for. At start it fences first and lifts only after that first sync.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} is idempotent and leaves the database fenced
 * (a stopped daemon keeps nobody's writes safe).
 */
public final class RegionParticipant implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegionParticipant.class);
    private static final Duration RESYNC_EVERY = Duration.ofSeconds(5);
    private static final double LEASE_FRACTION_OF_SESSION = 2.0 / 3.0;

    private final Lifecycle lifecycle = new Lifecycle("region participant");
    private final CuratorFramework client;
    private final ZkPaths paths;
    private final String region;
    private final FenceStore fence;
    private final OwnershipStore ownership;
    private final MembershipNode membership;
    private final CuratorCache ownershipCache;
    private final Clock wallClock;
    private final MonotonicClock clock;
    private final ScheduledExecutorService sync;
    private final AtomicBoolean syncPending = new AtomicBoolean();
    private final Object fenceLock = new Object();
    private final ConnectionStateListener connectionListener = this::onConnectionState;
    private final Duration configuredLease;
    private volatile Duration lease;
    private volatile long syncedSessionId; // the ZooKeeper session the last complete ownership sync ran under
    private boolean connected; // guarded by fenceLock
    private long connectionGeneration; // guarded by fenceLock; bumped on every connection state change

    public RegionParticipant(
            CuratorFramework client,
            ZkPaths paths,
            RegionMember initial,
            FenceStore fence,
            Clock wallClock,
            MonotonicClock clock) {
        this(client, paths, initial, fence, wallClock, clock, null);
    }

    /**
     * @param lease the write lease length, or null for 2/3 of the negotiated ZooKeeper session timeout;
     *     it must be shorter than the session timeout plus the leader's absent-for time
     */
    public RegionParticipant(
            CuratorFramework client,
            ZkPaths paths,
            RegionMember initial,
            FenceStore fence,
            Clock wallClock,
            MonotonicClock clock,
            Duration lease) {
        this.configuredLease = lease;
        this.client = client;
        this.paths = paths;
        this.region = initial.region();
        this.fence = fence;
        this.ownership = new OwnershipStore(client, paths);
        this.membership = new MembershipNode(client, paths, initial);
        this.ownershipCache = CuratorCache.build(client, paths.ownership());
        this.wallClock = wallClock;
        this.clock = clock;
        this.sync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-participant-" + region);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        lifecycle.start();
        String local = fence.localRegion();
        if (!local.equals(region)) {
            throw new IllegalStateException("the database given to participant " + region + " belongs to region "
                    + local + ": point each daemon at its own region's database");
        }
        fence.fenceAll("starting: not yet in step with ZooKeeper");
        client.getConnectionStateListenable().addListener(connectionListener);
        ownershipCache.listenable().addListener((type, oldData, data) -> requestSync());
        ownershipCache.start();
        membership.start();
        synchronized (fenceLock) {
            connected = client.getZookeeperClient().isConnected();
        }
        sync.scheduleWithFixedDelay(this::requestSync, 0, RESYNC_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        lease = configuredLease != null ? configuredLease : defaultLease();
        long renewEvery = Math.max(10, lease.toMillis() / 4);
        sync.scheduleWithFixedDelay(this::renewLease, 0, renewEvery, TimeUnit.MILLISECONDS);
        LOG.info("region {}: write lease {} ms, renewed every {} ms", region, lease.toMillis(), renewEvery);
    }

    private Duration defaultLease() {
        try {
            int session = client.getZookeeperClient().getZooKeeper().getSessionTimeout();
            return Duration.ofMillis(Math.max(100, (long) (session * LEASE_FRACTION_OF_SESSION)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the ZooKeeper session timeout to size the write lease", e);
        }
    }

    /** The write lease length in force (after {@link #start()}). */
    public Duration lease() {
        return lease;
    }

    private void renewLease() {
        if (!connected()) {
            return;
        }
        try {
            java.time.Instant anchor = fence.databaseNow();
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            if (session != syncedSessionId) {
                return; // a new session: renew only after ownership was synced under it
            }
            // a server round trip on this session: it proves the session was alive after the anchor
            if (client.checkExists().forPath(paths.member(region)) == null) {
                return;
            }
            if (client.getZookeeperClient().getZooKeeper().getSessionId() != session) {
                return;
            }
            if (!fence.renewLease(anchor, lease)) {
                LOG.warn("region {}: write lease renewal came too late to count (a pause or a slow database?)", region);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.warn("region {}: write lease not renewed: {}", region, e.toString());
        }
    }

    public String region() {
        return region;
    }

    /** The payload currently published in this region's membership node. */
    public RegionMember member() {
        return membership.current();
    }

    /** Publishes how far this region has applied {@code source}'s changes (called by the applier). */
    public void publishApplied(String source, Applied applied) {
        publish(m -> m.withApplied(source, applied));
    }

    /** Publishes the region's health; only HEALTHY regions may be given ownership. */
    public void publishHealth(Health health) {
        publish(m -> m.withHealth(health));
    }

    /**
     * Publishes this region's own WAL position, read when its database's clock said {@code position.atMillis()};
     * a position lower than the published one is ignored.
     */
    public void publishSourcePosition(WalPosition position) {
        publish(m -> atLeast(m, position));
    }

    /** {@link #publishSourcePosition(WalPosition)} for a position whose time is not known. */
    public void publishSourcePosition(long position) {
        publishSourcePosition(new WalPosition(position, 0));
    }

    private static RegionMember atLeast(RegionMember m, WalPosition position) {
        return position.lsn() > m.sourcePosition() ? m.withSourcePosition(position.lsn(), position.atMillis()) : m;
    }

    private void publish(UnaryOperator<RegionMember> change) {
        lifecycle.requireStarted("publish membership");
        awaitMembershipNode();
        membership.update(change);
    }

    private void onConnectionState(CuratorFramework c, ConnectionState state) {
        if (state.isConnected()) {
            synchronized (fenceLock) {
                connected = true;
                connectionGeneration++;
            }
            LOG.info(
                    "region {}: ZooKeeper connection {}; resynchronising ownership before lifting the fence",
                    region,
                    state);
            requestSync();
            return;
        }
        long started = clock.nanos();
        synchronized (fenceLock) {
            connected = false;
            connectionGeneration++;
            try {
                fence.fenceAll("ZooKeeper connection " + state + " at " + wallClock.instant());
            } catch (RuntimeException e) {
                LOG.error(
                        "region {}: ZooKeeper connection {} and fencing the local database FAILED; local writes may"
                                + " still be accepted: check the database",
                        region,
                        state,
                        e);
                return;
            }
        }
        LOG.warn(
                "region {}: ZooKeeper connection {}: fenced all local writes in {} ms",
                region,
                state,
                Duration.ofNanos(clock.nanos() - started).toMillis());
    }

    private void requestSync() {
        if (syncPending.compareAndSet(false, true) && lifecycle.get() == Lifecycle.State.STARTED) {
            try {
                sync.execute(this::syncNow);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                syncPending.set(false); // closing
            }
        }
    }

    private void syncNow() {
        syncPending.set(false);
        try {
            long generation;
            synchronized (fenceLock) {
                if (!connected) {
                    return;
                }
                generation = connectionGeneration;
            }
            long session = sessionId();
            Map<String, Versioned<Ownership>> groups = ownership.snapshot().groups();
            groups.values().forEach(v -> fence.apply(v.value()));
            boolean fenced;
            synchronized (fenceLock) {
                // Lift only if the connection did not drop since the snapshot was read: a snapshot read
                // before a disconnection may miss a move the leader made meanwhile.
                if (connected && generation == connectionGeneration) {
                    syncedSessionId = session;
                }
                if (connected && generation == connectionGeneration && fence.isFenced()) {
                    fence.liftFence();
                    LOG.info(
                            "region {}: ownership of {} group(s) in step with ZooKeeper; local fence lifted",
                            region,
                            groups.size());
                }
                fenced = fence.isFenced();
            }
            if (fenced && connected()) {
                requestSync(); // the connection changed under this sync: go again with a fresh snapshot
            }
            Map<String, Long> enforced = new HashMap<>();
            fence.read().forEach((g, o) -> enforced.put(g, o.epoch()));
            // Read after the fences were applied and published with them: a switchover that sees an
            // enforced epoch also sees a WAL position covering every write made before that epoch.
            WalPosition position = fence.walPositionNow();
            awaitMembershipNode();
            membership.update(m -> atLeast(m.withFencing(enforced, fenced), position));
        } catch (RuntimeException e) {
            LOG.error(
                    "region {}: cannot bring the database fence in step with ZooKeeper; retrying in {} s",
                    region,
                    RESYNC_EVERY.toSeconds(),
                    e);
        }
    }

    private long sessionId() {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the ZooKeeper session id", e);
        }
    }

    private boolean connected() {
        synchronized (fenceLock) {
            return connected;
        }
    }

    private void awaitMembershipNode() {
        try {
            if (!membership.awaitCreated(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "membership node of " + region + " not created within 5 s: is ZooKeeper reachable?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the membership node of " + region, e);
        }
    }

    @Override
    public void close() {
        Lifecycle.State before = lifecycle.get();
        if (!lifecycle.close() || before != Lifecycle.State.STARTED) {
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        sync.shutdownNow();
        try {
            if (!sync.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("region {}: ownership sync did not stop within 5 s", region);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ownershipCache.close();
        membership.close();
        synchronized (fenceLock) {
            fence.fenceAll("participant closed");
        }
    }
}
