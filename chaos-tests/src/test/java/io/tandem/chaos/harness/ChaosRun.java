package io.tandem.chaos.harness;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.chaos.check.CheckContext;
import io.tandem.chaos.check.CheckResult;
import io.tandem.chaos.check.Checker;
import io.tandem.chaos.check.ConvergenceChecker;
import io.tandem.chaos.check.NoLoopsChecker;
import io.tandem.chaos.check.NoSilentLossChecker;
import io.tandem.chaos.check.RpoChecker;
import io.tandem.chaos.check.SingleWriterChecker;
import io.tandem.chaos.check.TopicCounts;
import io.tandem.chaos.fault.Signal;
import io.tandem.chaos.schedule.Fault;
import io.tandem.chaos.schedule.History;
import io.tandem.chaos.schedule.Schedule;
import io.tandem.chaos.workload.Workload;
import io.tandem.chaos.workload.WriteLog;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.embedded.ServerState;
import io.tandem.embedded.zookeeper.ZooKeeperNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs schedules on one {@link ChaosCluster}: starts the workload, injects each fault at its time and
 * heals it at its end, stops the workload, heals whatever is left, waits until the regions converge,
 * then runs the five checkers. The write log and the meters accumulate over the schedules of one run,
 * so each schedule's checks cover everything written so far.
 */
public final class ChaosRun implements AutoCloseable {
    public static final Duration QUIESCE_DEADLINE = Duration.ofSeconds(90);

    private final ChaosCluster cluster;
    private final Map<String, RegionRuntime> runtimes = new LinkedHashMap<>();
    private final Map<String, MeterRegistry> registries = new LinkedHashMap<>();
    private final WriteLog log = new WriteLog();
    private final Workload.Shared shared = new Workload.Shared();
    private final CuratorFramework zooKeeper;
    private long auditSeen = -1;
    private final FaultInjector injector;
    private final List<Checker> checkers = List.of(
            new ConvergenceChecker(),
            new NoSilentLossChecker(),
            new SingleWriterChecker(),
            new NoLoopsChecker(),
            new RpoChecker());

    /**
     * How the daemons run: {@code -Dchaos.runtime=process} (the default: a {@code tandem daemon} child
     * JVM per region, so a kill is SIGKILL and a pause SIGSTOP) or {@code inprocess} (in the test JVM).
     */
    public enum Mode {
        IN_PROCESS,
        PROCESS;

        public static Mode fromProperty() {
            String value = System.getProperty("chaos.runtime", "");
            return switch (value.trim()) {
                case "", "process" -> PROCESS;
                case "inprocess", "in-process" -> IN_PROCESS;
                default ->
                    throw new IllegalArgumentException(
                            "chaos.runtime must be process (the default) or inprocess, got '" + value + "'");
            };
        }
    }

    private ChaosRun(ChaosCluster cluster, Mode mode) {
        this.cluster = cluster;
        for (String region : Topology.REGIONS) {
            if (mode == Mode.PROCESS) {
                runtimes.put(region, new DaemonProcessRegion(region, cluster));
            } else {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                registries.put(region, registry);
                runtimes.put(region, new InProcessRegion(region, cluster, registry));
            }
        }
        this.zooKeeper = ChaosCluster.zooKeeperClient(cluster.zooKeeperDirect());
        this.injector = new FaultInjector(cluster, runtimes, zooKeeper);
    }

    /** Starts the cluster and every region's daemon, and waits until the owners accept writes. */
    public static ChaosRun start() throws Exception {
        return start(Mode.fromProperty());
    }

    public static ChaosRun start(Mode mode) throws Exception {
        ChaosCluster cluster = ChaosCluster.start();
        ChaosRun run = new ChaosRun(cluster, mode);
        try {
            run.runtimes.values().forEach(RegionRuntime::start);
            for (RegionRuntime runtime : run.runtimes.values()) {
                if (!runtime.awaitReady(Duration.ofSeconds(120))) {
                    throw new IllegalStateException(
                            runtime.region() + "'s daemon not healthy within 120 s: " + runtime.describe());
                }
            }
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    public ChaosCluster cluster() {
        return cluster;
    }

    public RegionRuntime runtime(String region) {
        return runtimes.get(region);
    }

    /** The region that owns {@code group} now, from ZooKeeper; empty if the group has no ownership node. */
    public java.util.Optional<String> ownerOf(String group) {
        return new OwnershipStore(zooKeeper, cluster.paths()).read(group).map(v -> v.value()
                .owner());
    }

    public WriteLog log() {
        return log;
    }

    public Map<String, MeterRegistry> registries() {
        return registries;
    }

    /** The outcome of one schedule: every checker's result and the history. */
    public record Outcome(Schedule schedule, List<CheckResult> results, History history) {
        public boolean passed() {
            return results.stream().allMatch(CheckResult::passed);
        }
    }

    public Outcome run(Schedule schedule) throws Exception {
        History history = new History(schedule.seed());
        history.add("schedule " + schedule);
        Random rng = new Random(schedule.seed() ^ 0x5DEECE66DL);
        Workload workload = new Workload(cluster::workloadJdbcUrl, log, shared, 25);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "chaos-schedule-" + schedule.seed());
            t.setDaemon(true);
            return t;
        });
        List<Runnable> heals = new ArrayList<>();
        try {
            workload.start(schedule.seed());
            history.add("workload started");
            for (Fault f : schedule.faults()) {
                AtomicReference<Runnable> heal = new AtomicReference<>();
                timer.schedule(
                        () -> {
                            history.add("inject " + f);
                            try {
                                heal.set(injector.inject(f, rng, history));
                            } catch (RuntimeException e) {
                                history.add("  injecting " + f + " failed: " + e);
                            }
                        },
                        f.start().toMillis(),
                        TimeUnit.MILLISECONDS);
                Runnable healer = () -> {
                    Runnable h = heal.getAndSet(null);
                    if (h != null) {
                        history.add("heal " + f);
                        try {
                            h.run();
                        } catch (RuntimeException e) {
                            history.add("  healing " + f + " failed: " + e);
                        }
                    }
                };
                heals.add(healer);
                timer.schedule(healer, f.end().toMillis(), TimeUnit.MILLISECONDS);
            }
            timer.schedule(
                    () -> history.add("schedule length reached"),
                    schedule.length().toMillis(),
                    TimeUnit.MILLISECONDS);
            timer.shutdown();
            if (!timer.awaitTermination(schedule.length().toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                history.add("faults still being injected or healed 60 s after the schedule ended");
            }
        } finally {
            timer.shutdownNow();
            heals.forEach(Runnable::run); // anything not healed yet (idempotent: each heal runs once)
            workload.stop();
        }
        history.add("workload stopped: " + log.summary(Topology.REGIONS));
        quiesce(history);
        CheckContext context = context();
        for (AuditEntry entry : context.audit()) {
            if (entry.sequence() > auditSeen) {
                history.add("audit: " + entry);
                auditSeen = entry.sequence();
            }
        }
        List<CheckResult> results = new ArrayList<>();
        for (Checker checker : checkers) {
            CheckResult result;
            try {
                result = checker.check(context);
            } catch (Exception e) {
                result = CheckResult.fail(checker.name(), "the checker could not run: " + e);
            }
            history.add(result.toString());
            results.add(result);
        }
        return new Outcome(schedule, results, history);
    }

    public CheckContext context() {
        Map<String, DataSource> dbs = new LinkedHashMap<>();
        Topology.REGIONS.forEach(r -> dbs.put(r, cluster.db(r)));
        Map<String, Long> shipped = new LinkedHashMap<>();
        for (String region : Topology.REGIONS) {
            shipped.put(
                    region,
                    TopicCounts.rowChanges(cluster.kafka(region).bootstrapServers(), region)
                            - injector.reproducedRecords(region));
        }
        return new CheckContext(dbs, log, registries, new AuditTrail(zooKeeper, cluster.paths()).read(), shipped);
    }

    /** Heals every link, starts every stopped server and daemon, and waits until the regions converge. */
    public void quiesce(History history) {
        cluster.healAllLinks();
        for (ZooKeeperNode node : cluster.zooKeeper().nodes()) {
            if (node.state() != ServerState.RUNNING) {
                history.add("starting ZooKeeper node " + node.id() + " left " + node.state());
                node.start();
            }
        }
        for (String region : Topology.REGIONS) {
            if (cluster.kafka(region).state() != ServerState.RUNNING) {
                cluster.kafka(region).start();
            }
            if (cluster.postgres(region).state() != ServerState.RUNNING) {
                cluster.postgres(region).start();
                injector.adoptPostgres(region);
            }
            // a safety net under the heals: no PostgreSQL process of ours stays frozen
            cluster.processes()
                    .send(
                            Signal.CONT,
                            cluster.processes()
                                    .postgresProcesses(cluster.postgres(region).dataDirectory()));
            RegionRuntime runtime = runtimes.get(region);
            runtime.resume();
            if (!runtime.running()) {
                runtime.start();
            }
        }
        ConvergenceChecker convergence = new ConvergenceChecker();
        AtomicReference<CheckResult> last = new AtomicReference<>();
        long began = System.nanoTime();
        try {
            await().atMost(QUIESCE_DEADLINE)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        for (RegionRuntime runtime : runtimes.values()) {
                            var problem = runtime.problem();
                            if (problem.isPresent()) {
                                history.add("restarting " + runtime.region() + "'s daemon: " + problem.get());
                                runtime.restart();
                            }
                        }
                        CheckResult r = convergence.check(context());
                        last.set(r);
                        return r.passed();
                    });
            history.add("converged " + (System.nanoTime() - began) / 1_000_000 + " ms after the heal");
        } catch (ConditionTimeoutException e) {
            history.add("NOT converged within " + QUIESCE_DEADLINE.toSeconds() + " s: " + last.get());
        }
    }

    @Override
    public void close() {
        runtimes.values().forEach(RegionRuntime::close);
        zooKeeper.close();
        keepDaemonLogs();
        cluster.close();
    }

    /**
     * Copies the child daemons' logs ({@code daemon-<region>.log}) out of the cluster's directory, which
     * closing deletes, to {@code target/chaos-daemon-logs/<directory name>/}, for reading after a failure.
     */
    private void keepDaemonLogs() {
        Path target = Path.of(System.getProperty("basedir", "."), "target", "chaos-daemon-logs")
                .resolve(cluster.directory().getFileName().toString());
        try (var logs = Files.newDirectoryStream(cluster.directory(), "daemon-*.log")) {
            for (Path log : logs) {
                Files.createDirectories(target);
                Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("ChaosRun: could not keep the daemons' logs in " + target + ": " + e);
        }
    }
}
