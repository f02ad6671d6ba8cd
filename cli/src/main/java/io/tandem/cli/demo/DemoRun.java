package io.tandem.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.cli.check.CheckVerdict;
import io.tandem.cli.check.ConsistencyCheck;
import io.tandem.cli.check.ConsistencyCheckStore;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.daemon.DaemonLauncher;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.embedded.cluster.LocalCluster;
import io.tandem.replicator.reconcile.RegionDatabase;
import io.tandem.replicator.reconcile.TableVerifier;
import io.tandem.replicator.reconcile.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * One run of {@code tandem demo}: start the regions, run the workload, switch a group over, crash a
 * region and fail over, bring it back, let everything settle, verify, report. {@link #close()} stops
 * everything it started (idempotent; also called from the Ctrl-C hook).
 */
final class DemoRun implements AutoCloseable {
    private static final Pattern PAUSE = Pattern.compile("write pause (\\d+) ms");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> regions;
    private final Duration duration;
    private final int rate;
    private final Path dir;
    private final PrintWriter out;
    private final long started = System.nanoTime();
    private LocalCluster servers;
    private CuratorFramework zk;
    private OwnershipView ownership;
    private DemoWorkload workload;
    private final Map<String, DaemonLauncher> daemons = new LinkedHashMap<>();
    private boolean closed;

    DemoRun(List<String> regions, Duration duration, int rate, Path dir, PrintWriter out) {
        this.regions = regions;
        this.duration = duration;
        this.rate = rate;
        this.dir = dir;
        this.out = out;
    }

    DemoReport run() throws Exception {
        say("starting " + regions.size() + " regions on this machine: PostgreSQL and Kafka per region, a ZooKeeper"
                + " ensemble of 3 (working directory " + dir + ")");
        servers = LocalCluster.builder()
                .regions(regions.toArray(String[]::new))
                .zooKeeperNodes(3)
                .baseDir(dir.resolve("servers"))
                .start();
        DemoTopology.createSchema(servers);
        zk = CuratorFrameworkFactory.builder()
                .connectString(servers.zooKeeper().connectString())
                .ensembleTracker(false)
                .retryPolicy(new ExponentialBackoffRetry(100, 10))
                .build();
        zk.start();
        if (!zk.blockUntilConnected(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot reach the demo's ZooKeeper at "
                    + servers.zooKeeper().connectString());
        }
        ClusterConfig config = DemoTopology.clusterConfig(regions);
        DemoTopology.storeClusterConfig(zk, config);
        List<Path> files = DemoTopology.writeRegionFiles(servers, regions, dir.resolve("config"));
        Files.createDirectories(dir.resolve("logs"));
        say("cluster configuration stored in ZooKeeper: orders owned per region ("
                + config.groups().size() + " groups), carts multi-writer with a counter column");
        say("starting a daemon per region (tandem daemon --config " + dir.resolve("config") + "/<region>.yaml)");
        for (int i = 0; i < regions.size(); i++) {
            DaemonLauncher d = new DaemonLauncher(
                    regions.get(i),
                    files.get(i),
                    dir.resolve("logs").resolve(regions.get(i) + ".log"),
                    DaemonLauncher.Jvm.STANDARD);
            daemons.put(regions.get(i), d);
            d.start();
        }
        for (DaemonLauncher d : daemons.values()) {
            d.awaitHealthy(START_TIMEOUT);
            say("  " + d.region() + " healthy, status page " + d.statusPage().orElse("?"));
        }
        seedCarts();
        ownership = new OwnershipView(zk);
        ownership.start();
        Map<String, DataSource> databases = new LinkedHashMap<>();
        regions.forEach(r -> databases.put(r, servers.region(r).postgres().dataSource()));
        workload = new DemoWorkload(databases, config, ownership::writableOwner, rate, 42);
        workload.start(4);
        say("workload running: ~" + rate + " writes/s (orders at their owner, cart counters and labels anywhere)");

        Duration phase = duration.dividedBy(4);
        progressFor(phase);
        long pause = switchover(regions.get(0), regions.get(1));
        progressFor(phase);
        String victim = regions.get(regions.size() - 1);
        Failover failover = crashAndFailOver(victim);
        progressFor(phase);
        bringBack(victim);
        progressFor(phase);
        workload.close();
        say("workload stopped after " + workload.acked() + " acknowledged writes; waiting for every region to settle");
        return settleAndVerify(config, pause, failover);
    }

    private void seedCarts() throws Exception {
        try (Connection c = servers.region(regions.get(0)).postgres().connect();
                PreparedStatement p = c.prepareStatement(
                        "INSERT INTO public.carts (id, label, items) VALUES (?, ?, 0) ON CONFLICT (id) DO NOTHING")) {
            for (int id = 1; id <= DemoTopology.CARTS; id++) {
                p.setLong(1, id);
                p.setString(2, "cart " + id);
                p.addBatch();
            }
            p.executeBatch();
        }
        waitFor("the carts to reach every region", Duration.ofSeconds(60), () -> regions.stream()
                .allMatch(r -> count(r, "SELECT count(*) FROM public.carts") == DemoTopology.CARTS));
    }

    private long switchover(String from, String to) throws Exception {
        String group = DemoTopology.group(from);
        say("planned switchover of " + group + " from " + from + " to " + to + " (tandem switchover --group " + group
                + " --to " + to + ")");
        long before = auditSize();
        new IntentStore(zk, paths())
                .submit(Intent.switchover(
                        "demo-switchover",
                        group,
                        to,
                        Duration.ofSeconds(30),
                        System.currentTimeMillis(),
                        "tandem demo"));
        boolean moved = waitFor("the switchover of " + group, MOVE_TIMEOUT, () -> ownership
                .read(group)
                .filter(o -> o.owner().equals(to) && o.state() == OwnershipState.ACTIVE)
                .isPresent());
        if (!moved) {
            return -1;
        }
        Optional<Long> pause = waitForValue(Duration.ofSeconds(20), () -> reportedPause(group, before));
        say("  " + group + " now owned by " + to + "; write pause "
                + pause.map(p -> p + " ms").orElse("unknown")
                + " (fence, catch-up to the fenced WAL position, hand-over); nothing acknowledged was lost");
        return pause.orElse(-1L);
    }

    private Optional<Long> reportedPause(String group, long auditBefore) {
        for (AuditEntry e : new AuditTrail(zk, paths()).readLatest(50)) {
            if (e.sequence() < auditBefore) {
                continue;
            }
            Matcher m = PAUSE.matcher(e.decision());
            if (group.equals(e.group()) && e.transition().endsWith("DONE") && m.find()) {
                return Optional.of(Long.parseLong(m.group(1)));
            }
        }
        return Optional.empty();
    }

    /** The sequence number the next audit entry will have at least. */
    private long auditSize() {
        List<AuditEntry> latest = new AuditTrail(zk, paths()).readLatest(1);
        return latest.isEmpty() ? 0 : latest.get(0).sequence() + 1;
    }

    record Failover(long millis, long rpoOrders) {}

    private Failover crashAndFailOver(String victim) throws Exception {
        String group = DemoTopology.group(victim);
        say("crashing region " + victim + ": SIGKILL of its daemon and of its PostgreSQL");
        long crashedAt = System.nanoTime();
        daemons.get(victim).kill();
        servers.region(victim).postgres().crash();
        boolean moved = waitFor("the failover of " + group, MOVE_TIMEOUT, () -> ownership
                .read(group)
                .filter(o -> !o.owner().equals(victim) && o.state() == OwnershipState.ACTIVE)
                .isPresent());
        if (!moved) {
            return new Failover(-1, -1);
        }
        Ownership now = ownership.read(group).orElseThrow();
        Optional<DemoWorkload.Ack> first = waitForValue(Duration.ofSeconds(30), () -> workload.orderAcks(group).stream()
                .filter(a -> a.region().equals(now.owner()) && a.atNanos() > crashedAt)
                .findFirst());
        long millis = first.map(a -> TimeUnit.NANOSECONDS.toMillis(a.atNanos() - crashedAt))
                .orElse(-1L);
        List<Long> ackedAtVictim = workload.orderAcks(group).stream()
                .filter(a -> a.region().equals(victim))
                .map(DemoWorkload.Ack::id)
                .toList();
        long present = countIds(now.owner(), ackedAtVictim);
        long rpo = ackedAtVictim.size() - present;
        say("  " + group + " failed over to " + now.owner() + " at epoch " + now.epoch() + "; first write accepted "
                + millis + " ms after the crash; " + rpo + " acknowledged order(s) of " + victim
                + " not yet there (they follow when " + victim + " returns)");
        return new Failover(millis, rpo);
    }

    private void bringBack(String victim) throws Exception {
        say("bringing " + victim + " back: PostgreSQL recovers, the daemon rejoins as a non-owner");
        servers.region(victim).postgres().start();
        daemons.get(victim).start();
        daemons.get(victim).awaitHealthy(START_TIMEOUT);
        say("  " + victim + " healthy again; its unshipped changes flow and are resolved");
    }

    private DemoReport settleAndVerify(ClusterConfig config, long pause, Failover failover) throws Exception {
        List<RegionDatabase> dbs = regions.stream()
                .map(r -> new RegionDatabase(r, servers.region(r).postgres().dataSource()))
                .toList();
        Map<Long, DemoWorkload.Ack> acked = workload.orders();
        long expectedCounter = workload.cartIncrements();
        long[] divergence = {Long.MAX_VALUE};
        waitFor("every region to hold the same rows", SETTLE_TIMEOUT, () -> {
            long differing = 0;
            for (var table : config.tables()) {
                try {
                    VerifyReport report = new TableVerifier(table, dbs).verify();
                    differing += report.differences().size();
                } catch (SQLException e) {
                    return false;
                }
            }
            divergence[0] = differing;
            return differing == 0 && regions.stream().allMatch(r -> counterSum(r) == expectedCounter);
        });
        say("verify (tandem verify): " + divergence[0] + " differing rows across " + regions.size() + " regions");
        CheckVerdict check = clusterCheck(config);
        say("check (tandem check, each daemon digesting its own database): " + check.summary());
        Map<String, String> rows = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        long lost = 0;
        long conflicts = 0;
        List<Long> ids = new ArrayList<>(acked.keySet());
        for (String r : regions) {
            rows.put(
                    r,
                    count(r, "SELECT count(*) FROM public.orders") + ", "
                            + count(r, "SELECT count(*) FROM public.carts"));
            counters.put(r, counterSum(r));
            lost = Math.max(lost, ids.size() - countIds(r, ids));
            conflicts += count(r, "SELECT count(*) FROM tandem.conflict_log");
        }
        List<String> problems = new ArrayList<>(
                DemoReport.problemsOf(divergence[0], lost, expectedCounter, counters, pause, failover.millis()));
        if (check.state() != CheckVerdict.State.CONSISTENT) {
            problems.add("the daemons' consistency check did not find every table equal: " + check.summary());
        }
        return new DemoReport(
                regions.size(),
                rows,
                divergence[0],
                conflicts,
                workload.acked(),
                workload.refused(),
                lost,
                expectedCounter,
                counters,
                pause,
                failover.millis(),
                failover.rpoOrders(),
                problems);
    }

    /** Asks every daemon for the digests of every table, as {@code tandem check} does, and waits for the verdict. */
    private CheckVerdict clusterCheck(ClusterConfig config) throws InterruptedException {
        ConsistencyCheckStore store = new ConsistencyCheckStore(zk, paths());
        String id = store.request(ConsistencyCheck.at(
                "the demo's final check",
                "operator",
                System.currentTimeMillis(),
                new MembershipReader(zk, paths()).snapshot()));
        CheckVerdict[] verdict = {store.verdict(id, config.regions())};
        waitFor("every daemon to answer consistency check " + id, MOVE_TIMEOUT, () -> {
            verdict[0] = store.verdict(id, config.regions());
            return verdict[0].state() != CheckVerdict.State.PENDING;
        });
        return verdict[0];
    }

    /** Prints status page URLs and connection strings for exploring, for {@code --keep}. */
    void printExploreHints() {
        say("still running (--keep); press Ctrl-C to stop everything");
        for (DaemonLauncher d : daemons.values()) {
            say("  " + d.region() + ": status page " + d.statusPage().orElse("?") + "  database "
                    + servers.region(d.region()).postgres().jdbcUrl() + " (user postgres)");
        }
        say("  ./tandem status --zookeeper " + servers.zooKeeper().connectString() + " --cluster "
                + DemoTopology.CLUSTER);
    }

    private void progressFor(Duration phase) throws InterruptedException {
        long end = System.nanoTime() + phase.toNanos();
        long lastAcked = workload.acked();
        long lastAt = System.nanoTime();
        while (System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(
                    Math.min(2_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            long now = System.nanoTime();
            long acked = workload.acked();
            double perSecond = (acked - lastAcked) * 1e9 / Math.max(1, now - lastAt);
            lastAcked = acked;
            lastAt = now;
            say(String.format(
                    "  writes %5.0f/s  acknowledged %d  refused %d  unreachable %d  lag %s  conflicts %d",
                    perSecond, acked, workload.refused(), workload.failed(), lags(), conflicts()));
        }
    }

    /** The largest apply lag into each region, from its daemon's /api/status. */
    private String lags() {
        StringBuilder text = new StringBuilder();
        for (DaemonLauncher d : daemons.values()) {
            String lag = d.get("api/status")
                    .map(body -> {
                        try {
                            long max = -1;
                            for (JsonNode link : JSON.readTree(body).path("links")) {
                                max = Math.max(max, link.path("lagMillis").asLong(-1));
                            }
                            return max < 0 ? "-" : max + "ms";
                        } catch (IOException e) {
                            return "?";
                        }
                    })
                    .orElse("down");
            text.append(d.region()).append('=').append(lag).append(' ');
        }
        return text.toString().trim();
    }

    private long conflicts() {
        long total = 0;
        for (String r : regions) {
            total += Math.max(0, count(r, "SELECT count(*) FROM tandem.conflict_log"));
        }
        return total;
    }

    private long counterSum(String region) {
        return count(region, "SELECT coalesce(sum(items), 0) FROM public.carts");
    }

    /** A single number from {@code region}'s database, or -1 when it cannot be read. */
    private long count(String region, String sql) {
        try (Connection c = servers.region(region).postgres().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException | RuntimeException e) {
            return -1;
        }
    }

    private long countIds(String region, List<Long> ids) {
        try (Connection c = servers.region(region).postgres().connect();
                PreparedStatement p = c.prepareStatement("SELECT count(*) FROM public.orders WHERE id = ANY (?)")) {
            p.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    private boolean waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        say("  gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
        return false;
    }

    private static <T> Optional<T> waitForValue(Duration timeout, java.util.function.Supplier<Optional<T>> value)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> v = value.get();
            if (v.isPresent()) {
                return v;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return Optional.empty();
    }

    private static ZkPaths paths() {
        return ZkPaths.forCluster(DemoTopology.CLUSTER);
    }

    private void say(String line) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        out.printf("[%3ds] %s%n", seconds, line);
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (workload != null) {
            workload.close();
        }
        if (ownership != null) {
            ownership.close();
        }
        daemons.values().parallelStream().forEach(DaemonLauncher::stop);
        if (zk != null) {
            zk.close();
        }
        if (servers != null) {
            servers.close();
        }
    }
}
