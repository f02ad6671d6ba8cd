package io.tandem.chaos.schedule;

import io.tandem.chaos.harness.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A seeded list of timed faults: the same seed gives the same schedule. At most one fault touches a
 * region at a time and at most one ZooKeeper node is down at a time, so every heal is well defined.
 *
 * @param seed what it was drawn from (print it; re-run with {@code -Dchaos.seed=N})
 * @param faults in start order
 * @param length how long the workload runs
 */
public record Schedule(long seed, List<Fault> faults, Duration length) {

    public Schedule {
        faults = List.copyOf(faults);
    }

    /** Draws 1 to 3 faults from {@code kinds} over a {@code length}-long run. */
    public static Schedule draw(long seed, List<FaultKind> kinds, Duration length) {
        Random rng = new Random(seed);
        int count = 1 + rng.nextInt(3);
        List<Fault> faults = new ArrayList<>();
        long lengthMs = length.toMillis();
        for (int attempt = 0; faults.size() < count && attempt < 50; attempt++) {
            FaultKind kind = kinds.get(rng.nextInt(kinds.size()));
            String target = Topology.REGIONS.get(rng.nextInt(Topology.REGIONS.size()));
            String peer = null;
            if (kind.needsPeer()) {
                List<String> peers = Topology.peersOf(target);
                peer = peers.get(rng.nextInt(peers.size()));
            }
            long start = 300 + rng.nextInt((int) Math.max(1, lengthMs / 2));
            long duration = 500 + rng.nextInt((int) Math.max(1, lengthMs - start - 500));
            Fault f = new Fault(kind, target, peer, Duration.ofMillis(start), Duration.ofMillis(duration));
            if (faults.stream().noneMatch(other -> clash(f, other))) {
                faults.add(f);
            }
        }
        faults.sort(Comparator.comparing(Fault::start));
        return new Schedule(seed, faults, length);
    }

    private static boolean clash(Fault a, Fault b) {
        boolean overlap = a.start().compareTo(b.end()) < 0 && b.start().compareTo(a.end()) < 0;
        if (!overlap) {
            return false;
        }
        boolean zkA = a.kind() == FaultKind.ZOOKEEPER_NODE_LOSS || a.kind() == FaultKind.ZOOKEEPER_LEADER_LOSS;
        boolean zkB = b.kind() == FaultKind.ZOOKEEPER_NODE_LOSS || b.kind() == FaultKind.ZOOKEEPER_LEADER_LOSS;
        if (zkA || zkB) {
            return zkA && zkB;
        }
        return a.target().equals(b.target())
                || a.target().equals(b.peer())
                || b.target().equals(a.peer())
                || (a.peer() != null && a.peer().equals(b.peer()));
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + (faults.isEmpty() ? "no faults" : faults) + " over " + length.toMillis() + " ms";
    }
}
