package io.tandem.bench.router;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The load generator's settings, given as {@code key=value} arguments to {@code bench/run router}.
 *
 * @param channels gRPC channels (one HTTP/2 connection each), calls spread round-robin
 * @param inflight calls kept outstanding at saturation (closed loop), over all channels
 * @param seconds measured seconds per server and phase, split into {@code slices} alternating slices
 * @param warmup unmeasured seconds per server before the measured phases (the JIT compilers need
 *     them: with 3 s on a busy machine the saturation phase sometimes ran on half-compiled code at
 *     7-20x the CPU per call)
 * @param rate calls per second of the fixed-rate phase whose p99 is reported ({@code p99_ms}); by
 *     default the throughput target, so that the p99 is the one at the rate the router must
 *     carry
 * @param lowRate calls per second of a second fixed-rate phase at a moderate rate ({@code
 *     low_rate_p99_ms}); 0 skips it
 * @param batch routes per {@code RouteBatch} call in the batch phase
 * @param batchInflight batch calls kept outstanding in the batch phase
 * @param slices router/baseline alternations per phase, so background load hits both alike
 * @param clientThreads Netty event-loop threads of the load generator
 */
record LoadOptions(
        int channels,
        int inflight,
        int seconds,
        int warmup,
        int rate,
        int lowRate,
        int batch,
        int batchInflight,
        int slices,
        int clientThreads) {

    static final Map<String, Integer> DEFAULTS = defaults();

    private static Map<String, Integer> defaults() {
        Map<String, Integer> d = new LinkedHashMap<>();
        d.put("channels", 4);
        d.put("inflight", 64);
        d.put("seconds", 10);
        d.put("warmup", 15);
        d.put("rate", 50_000);
        d.put("low_rate", 10_000);
        d.put("batch", 100);
        d.put("batch_inflight", 4);
        d.put("slices", 5);
        d.put("client_threads", 1);
        return d;
    }

    LoadOptions {
        if (channels < 1
                || inflight < channels
                || seconds < 1
                || warmup < 0
                || rate < 1
                || lowRate < 0
                || batch < 1
                || batch > 1000
                || batchInflight < 1
                || slices < 1
                || clientThreads < 1) {
            throw new IllegalArgumentException("bench router: settings out of range: channels >= 1, inflight >="
                    + " channels, seconds >= 1, warmup >= 0, rate >= 1, low_rate >= 0, 1 <= batch <= 1000, batch_inflight >= 1,"
                    + " slices >= 1, client_threads >= 1");
        }
    }

    /** Parses {@code key=value} arguments over {@link #DEFAULTS}; an unknown key or a non-integer is an error. */
    static LoadOptions parse(String[] args) {
        Map<String, Integer> v = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            if (eq < 0 || !v.containsKey(key)) {
                throw new IllegalArgumentException(
                        "bench router: unknown argument '" + arg + "'; give key=value with keys " + DEFAULTS.keySet());
            }
            try {
                v.put(key, Integer.parseInt(arg.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bench router: " + key + " must be an integer, got '" + arg.substring(eq + 1) + "'");
            }
        }
        return new LoadOptions(
                v.get("channels"),
                v.get("inflight"),
                v.get("seconds"),
                v.get("warmup"),
                v.get("rate"),
                v.get("low_rate"),
                v.get("batch"),
                v.get("batch_inflight"),
                v.get("slices"),
                v.get("client_threads"));
    }

    /** Length of one measured slice, in seconds (at least 1). */
    double sliceSeconds() {
        return Math.max(1.0, seconds / (double) slices);
    }
}
