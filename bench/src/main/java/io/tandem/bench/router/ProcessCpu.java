package io.tandem.bench.router;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by the server process (from {@code /proc/PID/stat}, user + system, in clock
 * ticks of 10 ms) and by this load-generator process. Sampled at the edges of a measured window, it
 * gives the CPU each call costs on either side, a number that background load on a shared machine
 * disturbs far less than throughput. Where {@code /proc} is missing the server's share reads -1.
 */
final class ProcessCpu {

    /** USER_HZ: Linux reports process times in 1/100 s on every architecture Java runs on here. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path serverStat;
    private final com.sun.management.OperatingSystemMXBean self =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    ProcessCpu(long serverPid) {
        this.serverStat = Path.of("/proc", Long.toString(serverPid), "stat");
    }

    /** A sample of both processes' CPU time, ns. */
    record Sample(long serverNanos, long clientNanos) {

        /** CPU used from {@code start} to this sample. */
        Sample since(Sample start) {
            return new Sample(
                    serverNanos < 0 || start.serverNanos < 0 ? -1 : serverNanos - start.serverNanos,
                    clientNanos - start.clientNanos);
        }
    }

    Sample sample() {
        return new Sample(serverNanos(), self.getProcessCpuTime());
    }

    private long serverNanos() {
        try {
            String stat = Files.readString(serverStat);
            // Fields after the command name (which sits in parentheses and may hold spaces): utime is the
            // 14th field of the line, stime the 15th, i.e. the 12th and 13th after ") ".
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
