package io.tandem.replicator.apply;

import io.tandem.replicator.metrics.ApplyMetrics;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts of what one attempt did, per table. Published to the metrics only after the transaction
 * commits, so a rolled-back attempt counts nothing. Not thread-safe.
 */
final class Tally {
    private final Map<String, long[]> perTable = new HashMap<>();
    private final Map<Map.Entry<String, String>, Long> conflicts = new HashMap<>();

    private static final int APPLIED = 0;
    private static final int SKIPPED = 1;
    private static final int DEAD = 2;
    private static final int PARKED = 3;

    void applied(String table) {
        bump(table, APPLIED, 1);
    }

    void skipped(String table) {
        bump(table, SKIPPED, 1);
    }

    void deadLettered(String table) {
        bump(table, DEAD, 1);
    }

    void parked(String table) {
        bump(table, PARKED, 1);
    }

    void conflict(String table, String policy) {
        conflicts.merge(Map.entry(table, policy), 1L, Long::sum);
    }

    void add(Tally other) {
        other.perTable.forEach((table, counts) -> {
            for (int i = 0; i < counts.length; i++) {
                bump(table, i, counts[i]);
            }
        });
        other.conflicts.forEach((key, n) -> conflicts.merge(key, n, Long::sum));
    }

    long total(int what) {
        return perTable.values().stream().mapToLong(c -> c[what]).sum();
    }

    long applied() {
        return total(APPLIED);
    }

    long skipped() {
        return total(SKIPPED);
    }

    long deadLettered() {
        return total(DEAD);
    }

    long parked() {
        return total(PARKED);
    }

    long conflicts() {
        return conflicts.values().stream().mapToLong(Long::longValue).sum();
    }

    void publish(ApplyMetrics metrics) {
        perTable.forEach((table, counts) -> {
            metrics.applied(table, counts[APPLIED]);
            metrics.skipped(table, counts[SKIPPED]);
            metrics.deadLettered(table, counts[DEAD]);
        });
        conflicts.forEach((key, n) -> metrics.conflicts(key.getKey(), key.getValue(), n));
    }

    private void bump(String table, int what, long n) {
        perTable.computeIfAbsent(table, t -> new long[4])[what] += n;
    }
}
