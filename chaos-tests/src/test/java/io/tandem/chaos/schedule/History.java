package io.tandem.chaos.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable story of one schedule: every fault, heal, workload summary and checker result, with
 * its time since the schedule started. Printed when a schedule fails. Thread-safe.
 */
public final class History {
    private final long seed;
    private final long startNanos = System.nanoTime();
    private final List<String> lines = new ArrayList<>();

    public History(long seed) {
        this.seed = seed;
        add("schedule seed " + seed + " started at " + Instant.now());
    }

    public synchronized void add(String event) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        lines.add(String.format("%7d ms  %s", ms, event));
    }

    public long seed() {
        return seed;
    }

    public synchronized String render() {
        return "---- history of seed " + seed + " (re-run: -Dchaos.seed=" + seed + ") ----\n" + String.join("\n", lines)
                + "\n---- end of history of seed " + seed + " ----";
    }
}
