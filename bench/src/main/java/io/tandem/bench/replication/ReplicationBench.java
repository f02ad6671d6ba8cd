package io.tandem.bench.replication;

import io.tandem.embedded.cluster.LocalCluster;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code bench/run replication}: the orders workload between two regions through Tandem, and in the
 * same run through PostgreSQL's native logical replication, on the same two embedded servers.
 *
 * <p>Ends with one line: {@code bench=replication rows_per_s=.. native_rows_per_s=.. ratio=..
 * lag_p50_ms=.. lag_p99_ms=..}, then further keys, among them {@code capture_ceiling_rows_per_s}: Debezium's
 * engine alone (the connector configuration capture runs with, a handler that only counts) on the same
 * backlog, the most any pipeline behind one region's slot could replicate ({@link CaptureCeiling}).
 */
public final class ReplicationBench {
    private ReplicationBench() {}

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("rows", 200_000);
        int batch = Integer.getInteger("batch", 1000);
        int rate = Integer.getInteger("rate", 1000);
        Duration lagDuration = Duration.ofSeconds(Long.getLong("lagSeconds", 10));
        Duration timeout = Duration.ofMinutes(10);

        try (LocalCluster cluster = LocalCluster.builder().regions("a", "b").start()) {
            var a = cluster.region("a").postgres();
            var b = cluster.region("b").postgres();

            NativeReplication nativeRepl = new NativeReplication(a, b);
            double nativeRate = nativeRepl.catchUpRowsPerSecond(1, rows, batch, timeout);
            System.err.printf(
                    Locale.ROOT,
                    "native: catch-up of %d rows at %.0f rows/s, %s%n",
                    rows,
                    nativeRate,
                    nativeRepl.catchUpCpu().perRow(rows));
            LagReport nativeLag = nativeRepl.lag(10_000_000, rate, lagDuration);
            System.err.printf(
                    Locale.ROOT,
                    "native: lag at %d tx/s p50 %.1f ms p99 %.1f ms max %.1f ms (%d rows)%n",
                    rate,
                    nativeLag.p50Millis(),
                    nativeLag.p99Millis(),
                    nativeLag.maxMillis(),
                    nativeLag.rows());

            double tandemRate;
            double ceiling;
            LagReport tandemLag;
            CpuMeter.Used tandemCpu;
            try (TandemReplication tandem = new TandemReplication(cluster.region("a"), cluster.region("b"))) {
                tandemRate = tandem.catchUpRowsPerSecond(1, rows, batch, timeout);
                tandemCpu = tandem.catchUpCpu();
                ceiling = tandem.captureCeiling();
                System.err.printf(
                        Locale.ROOT,
                        "tandem: catch-up of %d rows at %.0f rows/s, %s%n",
                        rows,
                        tandemRate,
                        tandemCpu.perRow(rows));
                tandemLag = tandem.lag(10_000_000, rate, lagDuration);
                System.err.printf(
                        Locale.ROOT,
                        "tandem: lag at %d tx/s p50 %.1f ms p99 %.1f ms max %.1f ms (%d rows)%n",
                        rate,
                        tandemLag.p50Millis(),
                        tandemLag.p99Millis(),
                        tandemLag.maxMillis(),
                        tandemLag.rows());
            }

            System.out.printf(
                    Locale.ROOT,
                    "bench=replication rows_per_s=%.0f native_rows_per_s=%.0f ratio=%.2f lag_p50_ms=%.1f"
                            + " lag_p99_ms=%.1f native_lag_p50_ms=%.1f native_lag_p99_ms=%.1f cpu_us_per_row=%.0f"
                            + " native_cpu_us_per_row=%.0f capture_ceiling_rows_per_s=%.0f ceiling_ratio=%.2f%n",
                    tandemRate,
                    nativeRate,
                    tandemRate / nativeRate,
                    tandemLag.p50Millis(),
                    tandemLag.p99Millis(),
                    nativeLag.p50Millis(),
                    nativeLag.p99Millis(),
                    (tandemCpu.jvmSeconds() + tandemCpu.postgresSeconds()) * 1e6 / rows,
                    (nativeRepl.catchUpCpu().jvmSeconds()
                                    + nativeRepl.catchUpCpu().postgresSeconds())
                            * 1e6
                            / rows,
                    ceiling,
                    tandemRate / ceiling);
        }
    }
}
