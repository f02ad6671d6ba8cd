package io.tandem.bench.router;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load-generator process of {@code bench/run router}, run in its own JVM against a
 * {@link RouterBenchServer}. Each phase alternates measured slices between the router and the
 * empty-handler baseline (same service, transport and settings), so background load on a shared
 * machine hits both alike:
 *
 * <ol>
 *   <li>saturation: {@code inflight} {@code Route} calls kept outstanding (closed loop) → routes/s;
 *   <li>fixed rate: {@code rate} {@code Route} calls per second (open loop, latency from each call's
 *       intended start, so stalls are not hidden) → p99 at that rate;
 *   <li>batch: {@code RouteBatch} calls of {@code batch} routes, {@code batch_inflight} outstanding →
 *       routes/s counting each route.
 * </ol>
 *
 * Prints a summary and, last, {@code bench=router routes_per_s=.. p99_ms=.. baseline_per_s=.. ratio=..}
 * followed by keys that say at which load each number was taken.
 *
 * <p>Arguments: {@code PORT_FILE [key=value ...]} (see {@link LoadOptions}).
 */
public final class RouterLoad {

    /** Fixed-rate phases start with this unmeasured ramp per slice, so a slice starts in steady state. */
    private static final double RATE_SLICE_WARMUP_SECONDS = 0.5;

    /** More outstanding calls than this in the fixed-rate phase means the server cannot keep up. */
    private static final int MAX_OUTSTANDING = 50_000;

    private RouterLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RouterLoad PORT_FILE [key=value ...]; keys " + LoadOptions.DEFAULTS.keySet());
            System.exit(2);
        }
        LoadOptions o;
        try {
            o = LoadOptions.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, String> server = ports(Path.of(args[0]));
        Requests requests = new Requests(o.batch());
        EventLoopGroup loops = LoadTarget.eventLoops(o.clientThreads());
        try (LoadTarget router = new LoadTarget(Integer.parseInt(server.get("router")), o.channels(), loops, requests);
                LoadTarget baseline =
                        new LoadTarget(Integer.parseInt(server.get("baseline")), o.channels(), loops, requests)) {
            run(
                    o,
                    server.get("transport"),
                    new ProcessCpu(Long.parseLong(server.get("pid"))),
                    loops.next(),
                    router,
                    baseline);
        } finally {
            loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
                    .await(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void run(
            LoadOptions o,
            String transport,
            ProcessCpu cpu,
            java.util.concurrent.ScheduledExecutorService eventLoop,
            LoadTarget router,
            LoadTarget baseline)
            throws InterruptedException {
        double slice = o.sliceSeconds();
        String loadBefore = loadAverage();
        for (LoadTarget t : List.of(router, baseline)) {
            ClosedLoop.run(t.route(), 1, o.inflight(), 0, o.warmup(), cpu);
            ClosedLoop.run(t.routeBatch(), o.batch(), o.batchInflight(), 0, Math.max(1, o.warmup() / 2.0), cpu);
        }
        List<Measurement> satRouter = new ArrayList<>();
        List<Measurement> satBase = new ArrayList<>();
        List<Measurement> rateRouter = new ArrayList<>();
        List<Measurement> rateBase = new ArrayList<>();
        List<Measurement> batchRouter = new ArrayList<>();
        List<Measurement> batchBase = new ArrayList<>();
        for (int i = 0; i < o.slices(); i++) {
            satRouter.add(ClosedLoop.run(router.route(), 1, o.inflight(), 0.2, slice, cpu));
            satBase.add(ClosedLoop.run(baseline.route(), 1, o.inflight(), 0.2, slice, cpu));
        }
        Hiccups hiccups = new Hiccups();
        fixedRate(router, baseline, eventLoop, o.rate(), o.slices(), slice, rateRouter, rateBase);
        org.HdrHistogram.Histogram late = hiccups.stop();
        List<Measurement> lowRouter = new ArrayList<>();
        List<Measurement> lowBase = new ArrayList<>();
        if (o.lowRate() > 0) {
            fixedRate(router, baseline, eventLoop, o.lowRate(), o.slices(), slice, lowRouter, lowBase);
        }
        for (int i = 0; i < o.slices(); i++) {
            batchRouter.add(ClosedLoop.run(router.routeBatch(), o.batch(), o.batchInflight(), 0.2, slice, cpu));
            batchBase.add(ClosedLoop.run(baseline.routeBatch(), o.batch(), o.batchInflight(), 0.2, slice, cpu));
        }
        Measurement sr = Measurement.merge(satRouter);
        Measurement sb = Measurement.merge(satBase);
        Measurement rr = Measurement.merge(rateRouter);
        Measurement rb = Measurement.merge(rateBase);
        Measurement br = Measurement.merge(batchRouter);
        Measurement bb = Measurement.merge(batchBase);
        boolean low = o.lowRate() > 0;
        Measurement lr = low ? Measurement.merge(lowRouter) : null;
        Measurement lb = low ? Measurement.merge(lowBase) : null;
        boolean keptUp = rr.keptUp() && rb.keptUp() && (!low || (lr.keptUp() && lb.keptUp()));
        int cores = Runtime.getRuntime().availableProcessors();
        String load = loadBefore + "/" + loadAverage();
        System.out.printf(
                "# setup: transport %s, server and load generator in separate JVMs on %d cores (1-min load average"
                        + " %s at start/end); %d channels, %d client event-loop thread(s); %d x %.1f s slices per"
                        + " phase, router and baseline alternating%n",
                transport, cores, load, o.channels(), o.clientThreads(), o.slices(), slice);
        System.out.printf(
                "# saturation, %d calls in flight: router %.0f routes/s %s; empty handler %.0f calls/s %s%n",
                o.inflight(), sr.perSecond(), sr.latencySummary(), sb.perSecond(), sb.latencySummary());
        System.out.printf(
                "# CPU per call at saturation: server %.1f us (router) vs %.1f us (empty handler), load generator"
                        + " %.1f us vs %.1f us; %d cores / (server + generator) = %.0f calls/s at most with both on"
                        + " this machine and nothing else; they got %.2f cores (router slices)%n",
                sr.serverCpuMicrosPerCall(),
                sb.serverCpuMicrosPerCall(),
                sr.clientCpuMicrosPerCall(),
                sb.clientCpuMicrosPerCall(),
                cores,
                cores * 1e6 / (sr.serverCpuMicrosPerCall() + sr.clientCpuMicrosPerCall()),
                sr.coresUsed());
        System.out.printf(
                "# fixed rate %d calls/s (latency from intended start): router %.0f routes/s %s%s;"
                        + " empty handler %.0f calls/s %s%s%n",
                o.rate(),
                rr.perSecond(),
                rr.latencySummary(),
                rr.keptUp() ? "" : " (DID NOT KEEP UP: latencies understated)",
                rb.perSecond(),
                rb.latencySummary(),
                rb.keptUp() ? "" : " (DID NOT KEEP UP: latencies understated)");
        System.out.printf(
                "# fixed rate: calls started late (pacing + hand-off to the client's event loop) by p50 %.3f ms"
                        + " p99 %.3f ms (router slices), p50 %.3f ms p99 %.3f ms (empty handler)%n",
                rr.startLateMs(0.5), rr.startLateMs(0.99), rb.startLateMs(0.5), rb.startLateMs(0.99));
        if (low) {
            System.out.printf(
                    "# fixed rate %d calls/s: router %.0f routes/s %s%s; empty handler %.0f calls/s %s%s;"
                            + " started late by p99 %.3f ms%n",
                    o.lowRate(),
                    lr.perSecond(),
                    lr.latencySummary(),
                    lr.keptUp() ? "" : " (DID NOT KEEP UP: latencies understated)",
                    lb.perSecond(),
                    lb.latencySummary(),
                    lb.keptUp() ? "" : " (DID NOT KEEP UP: latencies understated)",
                    lr.startLateMs(0.99));
        }
        System.out.printf(
                "# during the fixed-rate phase a thread of the load generator that only sleeps 1 ms woke up late by"
                        + " p50 %.3f ms p99 %.3f ms max %.3f ms (machine and JVM pauses: the floor under any p99)%n",
                late.getValueAtPercentile(50) / 1e6, late.getValueAtPercentile(99) / 1e6, late.getMaxValue() / 1e6);
        System.out.printf(
                "# batch of %d, %d calls in flight: router %.0f routes/s (%.0f calls/s, per call %s);"
                        + " empty handler %.0f routes/s (%s)%n",
                o.batch(),
                o.batchInflight(),
                br.perSecond(),
                br.callsPerSecond(),
                br.latencySummary(),
                bb.perSecond(),
                bb.latencySummary());
        System.out.printf(
                "bench=router routes_per_s=%.0f p99_ms=%.3f baseline_per_s=%.0f ratio=%.2f p99_at_per_s=%d"
                        + " baseline_p99_ms=%.3f inflight=%d saturated_p99_ms=%.3f batch_routes_per_s=%.0f"
                        + " batch_size=%d batch_baseline_per_s=%.0f rate_kept_up=%s server_cpu_us=%.1f baseline_server_cpu_us=%.1f client_cpu_us=%.1f"
                        + " cores_used=%.2f hiccup_p99_ms=%.3f hiccup_max_ms=%.3f start_late_p99_ms=%.3f%s transport=%s cores=%d loadavg=%s%n",
                sr.perSecond(),
                rr.quantileMs(0.99),
                sb.perSecond(),
                sr.perSecond() / sb.perSecond(),
                o.rate(),
                rb.quantileMs(0.99),
                o.inflight(),
                sr.quantileMs(0.99),
                br.perSecond(),
                o.batch(),
                bb.perSecond(),
                keptUp,
                sr.serverCpuMicrosPerCall(),
                sb.serverCpuMicrosPerCall(),
                sr.clientCpuMicrosPerCall(),
                sr.coresUsed(),
                late.getValueAtPercentile(99) / 1e6,
                late.getMaxValue() / 1e6,
                rr.startLateMs(0.99),
                low
                        ? String.format(
                                " low_rate_per_s=%d low_rate_p99_ms=%.3f low_rate_baseline_p99_ms=%.3f",
                                o.lowRate(), lr.quantileMs(0.99), lb.quantileMs(0.99))
                        : "",
                transport,
                cores,
                load);
    }

    /** {@code slices} fixed-rate slices at {@code rate} calls/s, alternating between router and baseline. */
    private static void fixedRate(
            LoadTarget router,
            LoadTarget baseline,
            java.util.concurrent.ScheduledExecutorService eventLoop,
            int rate,
            int slices,
            double slice,
            List<Measurement> routerOut,
            List<Measurement> baselineOut)
            throws InterruptedException {
        for (int i = 0; i < slices; i++) {
            routerOut.add(OpenLoop.run(
                    router.route(), eventLoop, 1, rate, RATE_SLICE_WARMUP_SECONDS, slice, MAX_OUTSTANDING));
            baselineOut.add(OpenLoop.run(
                    baseline.route(), eventLoop, 1, rate, RATE_SLICE_WARMUP_SECONDS, slice, MAX_OUTSTANDING));
        }
    }

    /** The 1-minute load average ({@code /proc/loadavg}), or {@code ?} where there is none. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Reads {@code router=N baseline=N transport=T} as written by {@link RouterBenchServer}. */
    private static Map<String, String> ports(Path file) throws java.io.IOException {
        Map<String, String> v = new HashMap<>();
        for (String kv : Files.readString(file).trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            v.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return v;
    }
}
