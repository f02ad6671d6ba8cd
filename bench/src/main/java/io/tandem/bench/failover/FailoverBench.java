package io.tandem.bench.failover;

import io.tandem.controller.ZkPaths;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.failover.FailoverPolicy;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.embedded.zookeeper.ZooKeeperEnsemble;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * {@code bench/run failover}: two regions, each with its own PostgreSQL, participant and controller,
 * on a three-server ZooKeeper ensemble in this process, and a steady writer in each region.
 *
 * <ul>
 *   <li>Planned switchovers ({@code -Dswitchovers=10}): the write pause is the time from the last write
 *       the old owner acknowledged to the first the new owner acknowledged. RPO rows: writes the old
 *       owner acknowledged that the position the switchover handed over on did not cover (must be 0).
 *   <li>Unplanned failovers ({@code -Dfailovers=10}): the owner's ZooKeeper links are frozen; the time
 *       from that cut to the first write the new owner acknowledged (session expiry + absent-for + the
 *       move + the new owner's fence sync), and from its membership loss to that write. Failover RPO
 *       rows: writes the old owner acknowledged that had not been copied when it was cut off.
 * </ul>
 *
 * <p>{@code -Dwarmup=2} switchovers run first and are not counted (a fresh JVM and fresh servers). The
 * replicator is stood in for by {@link Copier}. Session timeout {@code -DsessionMs=1500},
 * absent-for {@code -DabsentForMs} (session + 500 ms). Ends with one line: {@code bench=failover
 * failover_p50_ms=.. failover_p99_ms=.. switchover_pause_p50_ms=.. switchover_pause_p99_ms=..
 * rpo_rows=.. failover_rpo_rows=.. loss_to_write_p50_ms=.. loss_to_write_p99_ms=..}.
 */
public final class FailoverBench {

    private static final String A = "us-east";
    private static final String B = "eu-west";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final ZkPaths paths = ZkPaths.forCluster("bench");
    private final Map<String, BenchRegion> regions;
    private final Map<String, SteadyWriter> writers;
    private final Map<String, Copier> copiers; // by source region
    private final RecordingPositions positions;
    private final CuratorFramework observer;

    private FailoverBench(
            Map<String, BenchRegion> regions,
            Map<String, SteadyWriter> writers,
            Map<String, Copier> copiers,
            RecordingPositions positions,
            CuratorFramework observer) {
        this.regions = regions;
        this.writers = writers;
        this.copiers = copiers;
        this.positions = positions;
        this.observer = observer;
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("warmup", 2);
        int switchovers = Integer.getInteger("switchovers", 10);
        int failovers = Integer.getInteger("failovers", 10);
        int sessionMs = Integer.getInteger("sessionMs", 1500);
        long absentForMs = Long.getLong("absentForMs", sessionMs + 500L);
        long writeMicros = Long.getLong("writeMicros", 2000);
        FailoverPolicy policy =
                new FailoverPolicy(Duration.ofMillis(absentForMs), Duration.ofSeconds(1), Duration.ZERO, 1, List.of());
        long began = System.nanoTime();
        RecordingPositions positions = new RecordingPositions();
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.start("bench-failover", 3, null);
                CuratorFramework observer = CuratorFrameworkFactory.builder()
                        .connectString(zk.connectString())
                        .sessionTimeoutMs(4000)
                        .retryPolicy(new RetryNTimes(Integer.MAX_VALUE, 100))
                        .ensembleTracker(false)
                        .build()) {
            observer.start();
            ZkPaths paths = ZkPaths.forCluster("bench");
            new OwnershipStore(observer, paths).create(Ownership.initial(BenchRegion.GROUP, A));
            List<AutoCloseable> open = new ArrayList<>();
            try {
                BenchRegion a = new BenchRegion(A, zk, paths, sessionMs, policy, positions);
                open.add(a);
                BenchRegion b = new BenchRegion(B, zk, paths, sessionMs, policy, positions);
                open.add(b);
                positions.register(A, a.db());
                positions.register(B, b.db());
                SteadyWriter wa = new SteadyWriter(A, a.db(), writeMicros);
                SteadyWriter wb = new SteadyWriter(B, b.db(), writeMicros);
                Copier ab = new Copier(A, a.db(), b.db(), b.participant, 10);
                Copier ba = new Copier(B, b.db(), a.db(), a.participant, 10);
                open.addAll(List.of(wa, wb, ab, ba));
                FailoverBench bench = new FailoverBench(
                        Map.of(A, a, B, b), Map.of(A, wa, B, wb), Map.of(A, ab, B, ba), positions, observer);
                System.err.printf(
                        Locale.ROOT,
                        "bench failover: ready in %d ms (session %d ms, absent-for %d ms, a write every %d us per region)%n",
                        (System.nanoTime() - began) / 1_000_000,
                        sessionMs,
                        absentForMs,
                        writeMicros);
                bench.run(warmup, switchovers, failovers);
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    try {
                        open.get(i).close();
                    } catch (Exception e) {
                        System.err.println("bench failover: closing " + open.get(i) + " failed: " + e);
                    }
                }
            }
        }
    }

    private void run(int warmup, int switchovers, int failovers) {
        for (int i = 1; i <= warmup; i++) {
            long[] result = switchover(-i);
            System.err.printf(
                    Locale.ROOT, "(warm-up switchover, not counted: pause %d ms, rpo %d rows)%n", result[0], result[1]);
        }
        List<Long> pauses = new ArrayList<>();
        long rpoRows = 0;
        for (int i = 1; i <= switchovers; i++) {
            long[] result = switchover(i);
            pauses.add(result[0]);
            rpoRows += result[1];
        }
        List<Long> failoverTimes = new ArrayList<>();
        List<Long> lossToWrite = new ArrayList<>();
        long failoverRpo = 0;
        for (int i = 1; i <= failovers; i++) {
            long[] result = failover(i);
            failoverTimes.add(result[0]);
            lossToWrite.add(result[1]);
            failoverRpo += result[2];
        }
        writers.forEach((region, w) -> System.err.printf(
                Locale.ROOT, "writer %s: %d acknowledged, refused %s%n", region, w.acknowledged(), w.refusals()));
        System.out.printf(
                Locale.ROOT,
                "bench=failover failover_p50_ms=%d failover_p99_ms=%d switchover_pause_p50_ms=%d"
                        + " switchover_pause_p99_ms=%d rpo_rows=%d failover_rpo_rows=%d loss_to_write_p50_ms=%d"
                        + " loss_to_write_p99_ms=%d%n",
                percentile(failoverTimes, 0.50),
                percentile(failoverTimes, 0.99),
                percentile(pauses, 0.50),
                percentile(pauses, 0.99),
                rpoRows,
                failoverRpo,
                percentile(lossToWrite, 0.50),
                percentile(lossToWrite, 0.99));
    }

    /** One planned switchover away from the current owner; returns {pause ms, rpo rows}. */
    private long[] switchover(int i) {
        Ownership before = owner();
        String from = before.owner();
        String to = other(from);
        awaitSteady(from, to, before.epoch());
        positions.forget(from);
        long submitted = System.nanoTime();
        long submittedWall = System.currentTimeMillis();
        new IntentStore(observer, paths)
                .submit(Intent.switchover(
                        "bench-sw-" + i, BenchRegion.GROUP, to, Duration.ofSeconds(10), submittedWall, "bench"));
        Until.await(
                "switchover " + i + " to " + to,
                STEP_TIMEOUT,
                () -> owner().owner().equals(to) && writers.get(to).firstAckAfter(submitted) != null);
        SteadyWriter.Ack first = writers.get(to).firstAckAfter(submitted);
        SteadyWriter.Ack last = writers.get(from).lastAckBefore(first.nanos());
        long pauseMs = (first.nanos() - last.nanos()) / 1_000_000;
        long recorded = positions
                .lastRead(from)
                .orElseThrow(() -> new IllegalStateException("switchover " + i + " recorded no position of " + from));
        Copier.Round covering = copiers.get(from).firstCovering(recorded);
        if (covering == null) {
            throw new IllegalStateException("switchover " + i + " handed over before any copy of " + from
                    + " reached its recorded position " + recorded);
        }
        long rpo = writers.get(from).ackedAbove(covering.copiedUpTo());
        System.err.printf(
                Locale.ROOT,
                "switchover %2d %s -> %s: write pause %d ms, first write at %s %d ms after the request, rpo %d"
                        + " rows; steps (ms after the request): %s%n",
                i,
                from,
                to,
                pauseMs,
                to,
                (first.nanos() - submitted) / 1_000_000,
                rpo,
                steps("bench-sw-" + i, submittedWall));
        return new long[] {pauseMs, rpo};
    }

    /** One unplanned failover of the current owner; returns {cut -> write ms, loss -> write ms, rpo rows}. */
    private long[] failover(int i) {
        Ownership before = owner();
        String from = before.owner();
        String to = other(from);
        awaitSteady(from, to, before.epoch());
        long cut = System.nanoTime();
        regions.get(from).link.cut();
        long copiedUpTo = copiers.get(from).pause();
        copiers.get(to).pause();
        long[] lost = {0};
        MembershipReader members = new MembershipReader(observer, paths);
        Until.await("failover " + i + " to " + to, STEP_TIMEOUT, () -> {
            if (lost[0] == 0 && !members.snapshot().contains(from)) {
                lost[0] = System.nanoTime();
            }
            return writers.get(to).firstAckAfter(cut) != null;
        });
        SteadyWriter.Ack first = writers.get(to).firstAckAfter(cut);
        long lastOld = writers.get(from).lastAckNanos();
        if (lastOld >= first.nanos()) {
            throw new IllegalStateException("failover " + i + ": " + from + " acknowledged a write "
                    + (lastOld - first.nanos()) / 1_000_000 + " ms after " + to + " took over: two writers");
        }
        long failoverMs = (first.nanos() - cut) / 1_000_000;
        long lossMs = lost[0] == 0 ? failoverMs : (first.nanos() - lost[0]) / 1_000_000;
        long rpo = writers.get(from).ackedAbove(copiedUpTo);
        System.err.printf(
                Locale.ROOT,
                "failover   %2d %s -> %s: cut -> first write %d ms, membership loss -> first write %d ms, last"
                        + " write of %s %d ms after the cut, rpo %d rows%n",
                i,
                from,
                to,
                failoverMs,
                lossMs,
                from,
                (lastOld - cut) / 1_000_000,
                rpo);
        regions.get(from).link.heal();
        copiers.get(from).resume();
        copiers.get(to).resume();
        return new long[] {failoverMs, lossMs, rpo};
    }

    /**
     * Waits until both regions are members, in step with ownership at {@code epoch}, the owner is
     * taking writes and the other has applied some of its changes.
     */
    private void awaitSteady(String owner, String other, long epoch) {
        long now = System.nanoTime();
        long ownerPosition = positions.peek(owner);
        MembershipReader members = new MembershipReader(observer, paths);
        Until.await("both regions in step at epoch " + epoch + ", " + other + " caught up", STEP_TIMEOUT, () -> {
            MembershipSnapshot snapshot = members.snapshot();
            return inStep(snapshot.get(owner), epoch)
                    && inStep(snapshot.get(other), epoch)
                    && snapshot.get(other)
                            .flatMap(m -> m.appliedFrom(owner))
                            .filter(a -> a.position() >= ownerPosition)
                            .isPresent()
                    && new IntentStore(observer, paths).pending().isEmpty()
                    && writers.get(owner).lastAckNanos() > now;
        });
    }

    /** Milliseconds from {@code fromWall} to each transition of switchover {@code id}, as the audit trail has them. */
    private String steps(String id, long fromWall) {
        StringBuilder out = new StringBuilder();
        for (AuditEntry e : new AuditTrail(observer, paths).read()) {
            if (e.transition().startsWith("switchover " + id + " ")) {
                String t = e.transition().substring(e.transition().indexOf(": ") + 2);
                out.append(out.length() == 0 ? "" : ", ")
                        .append(t.substring(t.lastIndexOf(' ') + 1))
                        .append(" +")
                        .append(e.at() - fromWall);
            }
        }
        return out.toString();
    }

    private static boolean inStep(Optional<RegionMember> m, long epoch) {
        return m.isPresent() && !m.get().selfFenced() && m.get().fencedEpoch(BenchRegion.GROUP) == epoch;
    }

    private Ownership owner() {
        return new OwnershipStore(observer, paths)
                .read(BenchRegion.GROUP)
                .orElseThrow()
                .value();
    }

    private static String other(String region) {
        return region.equals(A) ? B : A;
    }

    /** Nearest-rank percentile. */
    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
