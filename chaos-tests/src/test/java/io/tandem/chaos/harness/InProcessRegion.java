package io.tandem.chaos.harness;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.chaos.fault.FaultProxy;
import io.tandem.chaos.fault.LinkState;
import io.tandem.controller.Controller;
import io.tandem.controller.ControllerMetrics;
import io.tandem.controller.ControllerSettings;
import io.tandem.controller.RegionParticipant;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.fence.FenceStore;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.switchover.MembershipAppliedPositions;
import io.tandem.replicator.apply.ApplierState;
import io.tandem.replicator.region.AppliedProgress;
import io.tandem.replicator.region.RegionReplication;
import io.tandem.replicator.ship.CaptureSupervisor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region's daemon composed in this JVM until {@code tandem daemon} runs as a child process: the
 * replicator's {@link RegionReplication} (capture, ship, an applier per peer, heartbeat), the failover
 * controller's {@link RegionParticipant} (membership, fence, write lease) and {@link Controller}, and
 * a small publisher of the region's WAL position and applied positions into its membership node.
 *
 * <p>In-process approximations, said where they matter: {@link #kill()} closes everything at once
 * (the participant's close fences the database, where a real {@code kill -9} leaves that to the write
 * lease); {@link #pause()} holds every link the daemon talks through (its ZooKeeper links and the
 * Kafka links it consumes), since a thread group cannot be frozen.
 */
public final class InProcessRegion implements RegionRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessRegion.class);

    /** Failover quick enough for short schedules: absent-for above the 2 s session, a short hold-down. */
    public static final FailoverPolicy POLICY =
            new FailoverPolicy(Duration.ofMillis(3_000), Duration.ofSeconds(30), Duration.ofSeconds(4), 2, List.of());

    private final String region;
    private final ChaosCluster cluster;
    private final MeterRegistry registry;
    private volatile Duration clockOffset = Duration.ZERO;
    private RegionReplication replication;
    private CuratorFramework client;
    private RegionParticipant participant;
    private Controller controller;
    private ScheduledExecutorService publisher;
    private boolean paused;

    public InProcessRegion(String region, ChaosCluster cluster, MeterRegistry registry) {
        this.region = region;
        this.cluster = cluster;
        this.registry = registry;
    }

    @Override
    public String region() {
        return region;
    }

    /** The wall-clock offset of the next {@link #start()} (clock skew); zero for a true clock. */
    public void skewClock(Duration offset) {
        clockOffset = offset;
    }

    @Override
    public synchronized void start() {
        if (running()) {
            return;
        }
        Clock wall = Clock.offset(Clock.systemUTC(), clockOffset);
        try {
            replication = new RegionReplication(cluster.replicationSettings(region), registry, wall);
            replication.start();
            client = ChaosCluster.zooKeeperClient(cluster.zooKeeperConnectString(region));
            participant = new RegionParticipant(
                    client,
                    cluster.paths(),
                    RegionMember.healthy(region, List.of("postgres://" + region)),
                    new FenceStore(cluster.db(region)),
                    wall,
                    System::nanoTime);
            participant.start();
            controller = new Controller(
                    client,
                    new ControllerSettings(cluster.paths(), region, region + "/chaos", Duration.ofMillis(100), POLICY),
                    source -> walPosition(source),
                    new MembershipAppliedPositions(new MembershipReader(client, cluster.paths())),
                    System::nanoTime,
                    wall,
                    new ControllerMetrics(registry, region));
            controller.start();
            publisher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "chaos-publisher-" + region);
                t.setDaemon(true);
                return t;
            });
            publisher.scheduleWithFixedDelay(this::publishPositions, 100, 200, TimeUnit.MILLISECONDS);
        } catch (SQLException e) {
            kill();
            throw new IllegalStateException(region + ": replication did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException(region + ": interrupted while starting", e);
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    /** The region's WAL position; the controller records it when it fences an owner (switchover). */
    private long walPosition(String of) {
        try (Connection c = cluster.db(of).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + of + "'s WAL position: " + e.getMessage(), e);
        }
    }

    /**
     * What the daemon publishes (as its {@code ProgressPublisher} does): its own WAL position with its
     * database's time, and how far it applied each peer with the source commit time.
     */
    private void publishPositions() {
        try {
            participant.publishSourcePosition(new FenceStore(cluster.db(region)).walPositionNow());
            AppliedProgress.read(cluster.db(region))
                    .forEach((source, p) -> participant.publishApplied(
                            source, new Applied(p.position(), p.lagMillis(), p.commitMillis())));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("region {}: positions not published this round: {}", region, e.toString());
        }
    }

    @Override
    public synchronized void kill() {
        if (publisher != null) {
            publisher.shutdownNow();
            publisher = null;
        }
        quietly(controller);
        controller = null;
        quietly(participant);
        participant = null;
        quietly(client);
        client = null;
        quietly(replication);
        replication = null;
    }

    private void quietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("region {}: closing {} failed: {}", region, c.getClass().getSimpleName(), e.toString());
        }
    }

    @Override
    public synchronized void pause() {
        paused = true;
        daemonLinks().forEach(p -> p.set(LinkState.partitioned()));
    }

    @Override
    public synchronized void resume() {
        if (paused) {
            paused = false;
            daemonLinks().forEach(FaultProxy::heal);
        }
    }

    private List<FaultProxy> daemonLinks() {
        return cluster.links().values().stream()
                .filter(p ->
                        p.name().startsWith("zk " + region + "->") || p.name().endsWith("->" + region))
                .toList();
    }

    @Override
    public synchronized boolean running() {
        return replication != null;
    }

    @Override
    public synchronized Optional<String> problem() {
        if (replication == null) {
            return Optional.of(region + ": not running");
        }
        if (replication.captureState().orElse(null) == CaptureSupervisor.State.GAVE_UP) {
            return Optional.of(region + ": capture gave up: "
                    + replication.captureFailure().map(Throwable::toString).orElse("?"));
        }
        for (var e : replication.applierStates().entrySet()) {
            if (e.getValue() == ApplierState.FAILED) {
                return Optional.of(region + ": applier of " + e.getKey() + " failed: "
                        + replication
                                .applier(e.getKey())
                                .flatMap(a -> a.failure())
                                .map(Throwable::toString)
                                .orElse("?"));
            }
        }
        return Optional.empty();
    }

    public synchronized Optional<RegionParticipant> participant() {
        return Optional.ofNullable(participant);
    }

    @Override
    public String describe() {
        return "in-process (RegionReplication + RegionParticipant + Controller in the test JVM)";
    }

    @Override
    public void close() {
        resume();
        kill();
    }
}
