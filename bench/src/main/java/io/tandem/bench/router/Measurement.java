package io.tandem.bench.router;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one load phase measured against one server: calls completed inside the measured window,
 * routes per call, the window's length, the latency of each call (ns, HdrHistogram), failed calls,
 * whether the server kept up with a fixed rate (always true for closed loops), and the CPU time
 * server and load generator used during the window ({@link #NO_CPU} where not measured), and for
 * fixed-rate phases how late each call was started after its intended time (pacing and the hand-off
 * to the client's event loop: the load generator's own share of the latency; empty for closed loops).
 */
record Measurement(
        long calls,
        int itemsPerCall,
        double seconds,
        Histogram latencies,
        long errors,
        boolean keptUp,
        ProcessCpu.Sample cpu,
        Histogram startLateness) {

    /** CPU use not measured. */
    static final ProcessCpu.Sample NO_CPU = new ProcessCpu.Sample(-1, -1);

    /** A histogram covering 1 µs .. 60 s at 3 significant digits. */
    static Histogram histogram() {
        return new Histogram(1_000L, 60_000_000_000L, 3);
    }

    static Measurement merge(List<Measurement> parts) {
        Histogram all = histogram();
        Histogram late = histogram();
        long calls = 0;
        long errors = 0;
        double seconds = 0;
        boolean keptUp = true;
        long serverCpu = 0;
        long clientCpu = 0;
        for (Measurement m : parts) {
            keptUp &= m.keptUp();
            serverCpu = serverCpu < 0 || m.cpu().serverNanos() < 0
                    ? -1
                    : serverCpu + m.cpu().serverNanos();
            clientCpu = clientCpu < 0 || m.cpu().clientNanos() < 0
                    ? -1
                    : clientCpu + m.cpu().clientNanos();
            all.add(m.latencies());
            late.add(m.startLateness());
            calls += m.calls();
            errors += m.errors();
            seconds += m.seconds();
        }
        return new Measurement(
                calls,
                parts.get(0).itemsPerCall(),
                seconds,
                all,
                errors,
                keptUp,
                new ProcessCpu.Sample(serverCpu, clientCpu),
                late);
    }

    /** Routes (items) per second. */
    double perSecond() {
        return calls * (double) itemsPerCall / seconds;
    }

    double callsPerSecond() {
        return calls / seconds;
    }

    /** Server CPU µs per call, or NaN when not measured. */
    double serverCpuMicrosPerCall() {
        return cpu.serverNanos() < 0 ? Double.NaN : cpu.serverNanos() / 1e3 / calls;
    }

    /** Load-generator CPU µs per call, or NaN when not measured. */
    double clientCpuMicrosPerCall() {
        return cpu.clientNanos() < 0 ? Double.NaN : cpu.clientNanos() / 1e3 / calls;
    }

    /** Cores server and load generator kept busy together during the window, or NaN when not measured. */
    double coresUsed() {
        return cpu.serverNanos() < 0 || cpu.clientNanos() < 0
                ? Double.NaN
                : (cpu.serverNanos() + cpu.clientNanos()) / (seconds * 1e9);
    }

    double quantileMs(double q) {
        return latencies.getValueAtPercentile(q * 100) / 1e6;
    }

    /** Quantile of the start lateness, ms. */
    double startLateMs(double q) {
        return startLateness.getValueAtPercentile(q * 100) / 1e6;
    }

    double maxMs() {
        return latencies.getMaxValue() / 1e6;
    }

    /** {@code p50 0.123 ms p99 0.456 ms p99.9 ... max ...}. */
    String latencySummary() {
        return String.format(
                "p50 %.3f ms p99 %.3f ms p99.9 %.3f ms max %.3f ms",
                quantileMs(0.50), quantileMs(0.99), quantileMs(0.999), maxMs());
    }
}
