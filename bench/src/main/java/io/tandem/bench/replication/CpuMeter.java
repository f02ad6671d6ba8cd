package io.tandem.bench.replication;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM (capture, Kafka brokers, applier) and by the embedded PostgreSQL
 * servers (postmaster and its children: walsenders, backends, apply workers) between two points,
 * from {@code /proc}. On a machine shared with other work, CPU time per row is steadier than rows per
 * second. Processes that exit in between are not counted.
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU used so far: the JVM's nanoseconds and each PostgreSQL process's ticks. */
    record Snapshot(
            long jvmNanos, Map<Long, Long> childTicks, List<Path> dataDirectories, Map<String, Long> threadTicks) {}

    /** CPU used between two snapshots, in seconds. */
    record Used(double jvmSeconds, double postgresSeconds) {
        String perRow(long rows) {
            return String.format(
                    java.util.Locale.ROOT,
                    "cpu jvm %.1f s + postgres %.1f s = %.0f us/row",
                    jvmSeconds,
                    postgresSeconds,
                    (jvmSeconds + postgresSeconds) * 1e6 / rows);
        }
    }

    private CpuMeter() {}

    /** @param dataDirectories the PostgreSQL servers' data directories (their postmaster.pid) */
    static Snapshot now(List<Path> dataDirectories) {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        Map<Long, Long> children = new HashMap<>();
        for (Path dir : dataDirectories) {
            postmaster(dir).ifPresent(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants())
                    .forEach(p -> {
                        long ticks = ticks(p.pid());
                        if (ticks >= 0) {
                            children.put(p.pid(), ticks);
                        }
                    }));
        }
        return new Snapshot(jvm, children, List.copyOf(dataDirectories), threadTicks());
    }

    /**
     * The JVM's CPU since the snapshot by thread group (thread names with digits folded, so GC,
     * compiler and pool threads add up), largest first, e.g. {@code C2 CompilerThread#=4.1s}.
     */
    static String threadsSince(Snapshot before, int top) {
        Map<String, Long> after = threadTicks();
        Map<String, Long> used = new HashMap<>();
        after.forEach((id, ticks) -> {
            String group = id.substring(id.indexOf(' ') + 1).replaceAll("[0-9]+", "#");
            used.merge(group, ticks - before.threadTicks().getOrDefault(id, 0L), Long::sum);
        });
        return used.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(java.util.Locale.ROOT, "%s=%.1fs", e.getKey(), e.getValue() / TICKS_PER_SECOND))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Ticks per thread of this JVM, keyed by {@code "<tid> <name>"}. */
    private static Map<String, Long> threadTicks() {
        Map<String, Long> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    threads.put(
                            task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listing
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    static Used since(Snapshot before) {
        Snapshot after = now(before.dataDirectories());
        long ticks = 0;
        for (var e : after.childTicks().entrySet()) {
            ticks += e.getValue() - before.childTicks().getOrDefault(e.getKey(), 0L);
        }
        return new Used((after.jvmNanos() - before.jvmNanos()) / 1e9, ticks / TICKS_PER_SECOND);
    }

    private static java.util.Optional<ProcessHandle> postmaster(Path dataDirectory) {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .trim());
            return ProcessHandle.of(pid);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** utime + stime of a process, or -1 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
