package io.tandem.cli.daemon;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.cli.check.ConsistencyCheckStore;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.cluster.ClusterConfigWatch;
import io.tandem.cli.daemon.status.HealthCheck;
import io.tandem.cli.daemon.status.StatusServer;
import io.tandem.cli.security.DaemonSecurity;
import io.tandem.cli.security.PostgresTlsProblem;
import io.tandem.controller.Controller;
import io.tandem.controller.ControllerMetrics;
import io.tandem.controller.ControllerSettings;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.RegionParticipant;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClusterAccess;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.ZkClients;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.fence.FenceStore;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.switchover.MembershipAppliedPositions;
import io.tandem.controller.switchover.MembershipSourcePosition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One region's daemon: capture and apply ({@link ReplicationRunner}), the controller participant that
 * keeps the database fence in step with ZooKeeper, the controller (leader election, switchover and
 * failover), the publisher of this region's positions and health, and the HTTP status page with
 * {@code /healthz} and {@code /metrics}. The tables, policies and groups come from the cluster
 * configuration in ZooKeeper and are applied live when {@code tandem config set} changes them.
 *
 * <p>Lifecycle (compare-and-set): {@code NEW → STARTING → RUNNING → STOPPING → STOPPED}; {@link
 * #start()} serves HTTP and connects to ZooKeeper, then waits in the background for the cluster
 * configuration ({@link #awaitReplicating} says when it runs). {@link #close()} is idempotent: it stops
 * the controller, then the participant (which leaves the database fenced: a stopped daemon keeps no
 * one's writes safe), then replication (whose positions are durable), then ZooKeeper and HTTP.
 */
public final class RegionDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegionDaemon.class);
    static final Duration PUBLISH_EVERY = Duration.ofMillis(200);
    /** How often consistency check requests are looked at (and capture gaps turned into requests). */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** States of a daemon. */
    public enum State {
        NEW,
        STARTING,
        RUNNING,
        STOPPING,
        STOPPED,
        FAILED
    }

    private final DaemonOptions options;
    private final DaemonSecurity security;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final ZkPaths paths;
    private final DataSource database;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final ScheduledExecutorService worker;
    private final ScheduledExecutorService checker;
    private final CountDownLatch replicating = new CountDownLatch(1);
    private volatile CheckRunner checks;
    private volatile CuratorFramework zooKeeper;
    private volatile ClusterConfigWatch configWatch;
    private volatile ReplicationRunner replication;
    private volatile RegionParticipant participant;
    private volatile Controller controller;
    private volatile DaemonRouter router;
    private volatile StatusServer http;
    private volatile int httpPort = -1;
    private volatile String configProblem = "waiting for the cluster configuration (tandem config set)";
    private volatile ClusterConfig applied;
    private volatile int configChanges;

    RegionDaemon(DaemonOptions options, DaemonSecurity security, PrometheusMeterRegistry registry, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.security = Objects.requireNonNull(security, "security");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.paths = ZkPaths.forCluster(options.cluster());
        this.database = options.database().dataSource("tandem-daemon-" + options.region());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-daemon-" + options.region());
            t.setDaemon(true);
            return t;
        });
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-checks-" + options.region());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A daemon for a validated region configuration; the database password comes from the environment.
     *
     * @throws io.tandem.cli.config.ConfigException when the security settings cannot be used (each named)
     */
    public static RegionDaemon of(
            io.tandem.cli.config.Config config,
            java.util.function.Function<String, String> environment,
            PrometheusMeterRegistry registry,
            Clock clock) {
        return new RegionDaemon(DaemonOptions.from(config, environment), DaemonSecurity.from(config), registry, clock);
    }

    /**
     * Serves HTTP, connects to ZooKeeper and starts following the cluster configuration.
     *
     * @throws IllegalStateException when not NEW, or when ZooKeeper cannot be reached within 30 s
     */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.STARTING)) {
            throw new IllegalStateException(
                    "daemon " + options.region() + ": expected state NEW to start, was " + state.get());
        }
        boolean started = false;
        try {
            DaemonStatus status = new DaemonStatus(this, registry);
            http = new StatusServer(status::snapshot, this::health, registry::scrape);
            httpPort = http.start(options.httpBind(), options.httpPort(), security.http());
            zooKeeper = connect();
            io.micrometer.core.instrument.Gauge.builder(
                            "tandem.zookeeper.connected", this, d -> d.zooKeeperConnected() ? 1 : 0)
                    .description("1 while the daemon's ZooKeeper session is connected, 0 while it is suspended or lost")
                    .tag("region", options.region())
                    .register(registry);
            configWatch = new ClusterConfigWatch(zooKeeper, paths.config(), next -> worker.execute(() -> apply(next)));
            configWatch.start();
            worker.scheduleWithFixedDelay(
                    this::publishProgress, PUBLISH_EVERY.toMillis(), PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            checker.scheduleWithFixedDelay(
                    this::runChecks, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            started = state.compareAndSet(State.STARTING, State.RUNNING);
            log.info(
                    "region {}: daemon running (cluster {}, status page http://{}:{}/)",
                    options.region(),
                    options.cluster(),
                    options.httpBind(),
                    httpPort);
        } finally {
            if (!started) {
                state.set(State.FAILED);
                stopAll();
            }
        }
    }

    /** Waits until replication runs with a cluster configuration; false on timeout. */
    public boolean awaitReplicating(Duration timeout) throws InterruptedException {
        return replicating.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Applies a new cluster configuration on the daemon's worker thread. */
    private void apply(ClusterConfig next) {
        if (state.get() != State.RUNNING && state.get() != State.STARTING) {
            return;
        }
        try (MDC.MDCCloseable r = MDC.putCloseable("region", options.region());
                MDC.MDCCloseable c = MDC.putCloseable("component", "daemon")) {
            List<String> problems = ClusterConfigFit.problems(next, options);
            if (!problems.isEmpty()) {
                configProblem = String.join("; ", problems);
                log.error("region {}: cluster configuration not applied: {}", options.region(), configProblem);
                return;
            }
            Fences.install(database, options.region(), next);
            ReplicationRunner current = replication;
            if (current == null || !current.serves(next)) {
                if (current != null) {
                    log.info(
                            "region {}: tables or policies changed; restarting replication in place", options.region());
                    current.close();
                }
                ReplicationRunner runner = new ReplicationRunner(options, kafkaClientSettings(), next, registry, clock);
                replication = runner;
                runner.start();
            }
            if (participant == null) {
                startOwnership();
            }
            serveRoutes(next);
            applied = next;
            configChanges++;
            configProblem = null;
            replicating.countDown();
            log.info(
                    "region {}: cluster configuration applied ({} tables, {} groups)",
                    options.region(),
                    next.tables().size(),
                    next.groups().size());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            configProblem =
                    "applying the cluster configuration failed: " + PostgresTlsProblem.explain(e, options.database());
            log.error("region {}: {}", options.region(), configProblem, e);
        }
    }

    private void startOwnership() {
        FenceStore fence = new FenceStore(database);
        String participantId = options.region() + "/" + ProcessHandle.current().pid();
        RegionParticipant p = new RegionParticipant(
                zooKeeper,
                paths,
                RegionMember.healthy(options.region(), endpoints()),
                fence,
                clock,
                MonotonicClock.system());
        p.start();
        participant = p;
        FailoverPolicy policy = new FailoverPolicy(
                options.detectionTime(), options.maxLag(), options.holdDown(), options.minHealthyRegions(), List.of());
        MembershipReader members = new MembershipReader(zooKeeper, paths);
        Controller c = new Controller(
                zooKeeper,
                new ControllerSettings(paths, options.region(), participantId, Duration.ofMillis(200), policy),
                new MembershipSourcePosition(members),
                new MembershipAppliedPositions(members),
                MonotonicClock.system(),
                clock,
                new ControllerMetrics(registry, options.region()));
        c.start();
        controller = c;
    }

    /** Starts or updates the embedded router when {@code router.enabled}. */
    private void serveRoutes(ClusterConfig config) {
        if (options.router().isEmpty()) {
            return;
        }
        DaemonOptions.RouterPorts ports = options.router().get();
        if (router == null) {
            router = new DaemonRouter(
                    zooKeeper,
                    paths,
                    options.region(),
                    options.httpBind(),
                    ports.grpcPort(),
                    ports.httpPort(),
                    ports.ratePerClient(),
                    options.sessionTimeout(),
                    security.router());
        }
        router.serve(config, options.zooKeeper());
        log.info(
                "region {}: router serving gRPC on {}:{}{}",
                options.region(),
                options.httpBind(),
                router.grpcPort(),
                router.httpPort() < 0 ? "" : " and HTTP/JSON on port " + router.httpPort());
    }

    private List<String> endpoints() {
        List<String> endpoints = new ArrayList<>();
        endpoints.add("http://" + options.httpBind() + ":" + httpPort);
        endpoints.add(options.database().address());
        return endpoints;
    }

    /** Publishes applied positions, the WAL position and health to the membership node. */
    private void publishProgress() {
        RegionParticipant p = participant;
        ReplicationRunner r = replication;
        if (p == null || r == null) {
            return;
        }
        try {
            ProgressPublisher.publish(p, r, database);
        } catch (RuntimeException e) {
            log.warn("region {}: cannot publish replication progress: {}", options.region(), e.toString());
        }
    }

    /**
     * Answers consistency check requests and requests one when capture found a gap; runs on its own
     * thread, since digesting a large table takes a while.
     */
    private void runChecks() {
        ClusterConfig config = applied;
        CuratorFramework zk = zooKeeper;
        if (config == null || !zooKeeperConnected()) {
            return;
        }
        try (MDC.MDCCloseable r = MDC.putCloseable("region", options.region());
                MDC.MDCCloseable c = MDC.putCloseable("component", "checks")) {
            if (checks == null) {
                MembershipReader members = new MembershipReader(zk, paths);
                checks = new CheckRunner(
                        options.region(),
                        new ConsistencyCheckStore(zk, paths),
                        database,
                        members::snapshot,
                        clock,
                        registry);
            }
            ReplicationRunner current = replication;
            if (current != null) {
                checks.onCaptureGaps(current, current.replication().captureGaps());
            }
            checks.poll(config);
        } catch (Exception e) {
            log.warn("region {}: consistency checks: {}", options.region(), e.toString());
        }
    }

    private boolean zooKeeperConnected() {
        CuratorFramework zk = zooKeeper;
        return zk != null && zk.getZookeeperClient().isConnected();
    }

    /** What is wrong with this daemon now; healthy when nothing. */
    HealthCheck health() {
        List<String> problems = new ArrayList<>();
        if (!zooKeeperConnected()) {
            problems.add("not connected to ZooKeeper at " + options.zooKeeper());
        }
        String config = configProblem;
        if (config != null) {
            problems.add(config);
        }
        ReplicationRunner r = replication;
        if (r != null) {
            problems.addAll(r.problems());
        }
        if (participant != null) {
            try {
                if (new FenceStore(database).isFenced()) {
                    problems.add("local writes are fenced: the database is not (yet) in step with ZooKeeper's"
                            + " ownership map");
                }
            } catch (RuntimeException e) {
                problems.add("cannot read the fence state of this region's database: " + e.getMessage());
            }
        }
        return new HealthCheck(problems);
    }

    public State state() {
        return state.get();
    }

    public String region() {
        return options.region();
    }

    public String cluster() {
        return options.cluster();
    }

    /** The bound HTTP port (after start). */
    public int httpPort() {
        return httpPort;
    }

    /** The embedded router's bound gRPC port; -1 when {@code router.enabled} is off or no configuration arrived yet. */
    public int routerGrpcPort() {
        DaemonRouter r = router;
        return r == null ? -1 : r.grpcPort();
    }

    /** The embedded router's bound HTTP/JSON port; -1 when there is none (yet). */
    public int routerHttpPort() {
        DaemonRouter r = router;
        return r == null ? -1 : r.httpPort();
    }

    /** The cluster configuration in force, if one was applied. */
    public Optional<ClusterConfig> clusterConfig() {
        return Optional.ofNullable(applied);
    }

    /** How many cluster configurations this daemon has applied. */
    public int configChanges() {
        return configChanges;
    }

    Optional<CuratorFramework> zooKeeper() {
        return Optional.ofNullable(zooKeeper);
    }

    Optional<ReplicationRunner> replication() {
        return Optional.ofNullable(replication);
    }

    Optional<Controller> controller() {
        return Optional.ofNullable(controller);
    }

    DataSource database() {
        return database;
    }

    ZkPaths paths() {
        return paths;
    }

    @Override
    public void close() {
        State previous = state.getAndUpdate(s -> s == State.STOPPED ? s : State.STOPPING);
        if (previous == State.STOPPED || previous == State.STOPPING) {
            return;
        }
        log.info("region {}: daemon stopping", options.region());
        stopAll();
        state.set(State.STOPPED);
        log.info("region {}: daemon stopped", options.region());
    }

    private void stopAll() {
        checker.shutdownNow();
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("region {}: configuration worker did not stop within 30 s", options.region());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        quietly("router", router);
        quietly("controller", controller);
        quietly("participant", participant);
        quietly("replication", replication);
        quietly("configuration watch", configWatch);
        quietly("ZooKeeper client", zooKeeper);
        quietly("status server", http);
    }

    private void quietly(String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("region {}: closing the {} failed: {}", options.region(), what, e.toString());
        }
    }

    private java.util.Map<String, Object> kafkaClientSettings() {
        java.util.Map<String, Object> settings = new java.util.HashMap<>();
        security.kafka().clientProperties().forEach((k, v) -> settings.put(String.valueOf(k), v));
        return settings;
    }

    private CuratorFramework connect() {
        ClusterAcls acls = security.acls(paths);
        CuratorFramework client;
        try {
            client = ZkClients.daemon(
                            options.zooKeeper(), security.zookeeperCredential(), acls, security.zookeeperTls())
                    .ensembleTracker(false)
                    .sessionTimeoutMs((int) options.sessionTimeout().toMillis())
                    .connectionTimeoutMs((int) Math.min(options.sessionTimeout().toMillis(), 15_000))
                    .retryPolicy(new BoundedExponentialBackoffRetry(100, 2_000, 29))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot connect to ZooKeeper: " + e.getMessage(), e);
        }
        client.start();
        try {
            if (!client.blockUntilConnected((int) CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                client.close();
                throw new IllegalStateException("cannot reach ZooKeeper at " + options.zooKeeper() + " within "
                        + CONNECT_TIMEOUT.toSeconds() + " s; check zookeeper.connect"
                        + (security.zookeeperTls().isPresent()
                                ? " (TLS is on: it must name the servers' secureClientPort)"
                                : ", and set zookeeper.tls.truststore if the ensemble takes TLS connections only"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IllegalStateException("interrupted while connecting to ZooKeeper", e);
        }
        try {
            ClusterAccess.secure(client, acls);
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException(
                    "cannot set up access control on " + paths.root() + ": " + e.getMessage(), e);
        }
        return client;
    }
}
