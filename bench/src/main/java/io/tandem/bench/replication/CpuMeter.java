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
    record Snapshot(long jvmNanos, Map<Long, Long> childTicks, List<Path> dataDirectories) {}

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
        return new Snapshot(jvm, children, List.copyOf(dataDirectories));
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
