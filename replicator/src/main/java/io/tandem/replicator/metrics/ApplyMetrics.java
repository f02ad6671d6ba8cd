package io.tandem.replicator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The applier's meters for one source region, all tagged {@code source_region} and (except lag and
 * batch time, which are per source) {@code table}. Thread-safe.
 */
public final class ApplyMetrics {
    /** Value of the {@code table} tag on per-source meters. */
    public static final String ALL_TABLES = "*";

    private final MeterRegistry registry;
    private final String sourceRegion;
    private final Clock clock;
    private final Timer batch;
    private final AtomicLong lastCommitTsMillis;
    private final Map<String, AtomicInteger> paused;
    private final AtomicLong lagEvents;

    /**
     * Gauge state per registry and source region, so that an applier restarted in the same process
     * (after FAILED, or in tests) drives the gauges its predecessor registered.
     */
    private record GaugeState(AtomicLong lastCommitTsMillis, AtomicLong lagEvents, Map<String, AtomicInteger> paused) {}

    private static final Map<MeterRegistry, Map<String, GaugeState>> GAUGES =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    public ApplyMetrics(MeterRegistry registry, String sourceRegion, Clock clock) {
        this.registry = registry;
        this.sourceRegion = sourceRegion;
        this.clock = clock;
        GaugeState state = GAUGES.computeIfAbsent(registry, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(
                        sourceRegion,
                        s -> new GaugeState(new AtomicLong(-1), new AtomicLong(-1), new ConcurrentHashMap<>()));
        this.lastCommitTsMillis = state.lastCommitTsMillis();
        this.paused = state.paused();
        this.lagEvents = state.lagEvents();
        this.batch = Timer.builder("tandem.apply.batch")
                .description("Time to apply one batch of source transactions in one database transaction")
                .tags("source_region", sourceRegion, "table", ALL_TABLES)
                .register(registry);
        if (registry.find("tandem.apply.lag")
                        .tags("source_region", sourceRegion)
                        .gauge()
                == null) {
            AtomicLong last = lastCommitTsMillis;
            Gauge.builder("tandem.apply.lag", last, l -> lagMillis(clock, l))
                    .description("Now minus the source commit time of the last applied transaction (heartbeats"
                            + " included), in ms; NaN before the first")
                    .tags("source_region", sourceRegion, "table", ALL_TABLES)
                    .strongReference(true)
                    .register(registry);
            AtomicLong events = lagEvents;
            Gauge.builder("tandem.apply.lag.events", events, e -> e.get() < 0 ? Double.NaN : e.get())
                    .description("Records in the source topic not yet polled by the applier; NaN until known")
                    .tags("source_region", sourceRegion, "table", ALL_TABLES)
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Records in the source topic after the last polled one. */
    public void lagEvents(long records) {
        lagEvents.set(records);
    }

    public void applied(String table, long n) {
        count("tandem.apply.applied", "Changes written to the target database", table, n);
    }

    public void skipped(String table, long n) {
        count("tandem.apply.skipped", "Changes skipped because the stored version already covers them", table, n);
    }

    public void deadLettered(String table, long n) {
        count(
                "tandem.apply.dead_lettered",
                "Changes that could not be applied and went to tandem.dead_letter",
                table,
                n);
    }

    public void conflicts(String table, String policy, long n) {
        Counter.builder("tandem.apply.conflicts")
                .description("Concurrent versions resolved by a conflict policy and logged in tandem.conflict_log")
                .tags("source_region", sourceRegion, "table", table, "policy", policy)
                .register(registry)
                .increment(n);
    }

    public void batchTime(Duration duration) {
        batch.record(duration);
    }

    /** Records that the source transactions up to this commit time are applied. */
    public void appliedUpTo(long commitTsMillis) {
        lastCommitTsMillis.accumulateAndGet(commitTsMillis, Math::max);
    }

    /** Sets the {@code tandem.apply.paused} gauge of a table (1 while its apply is paused by drift). */
    public void paused(String table, boolean isPaused) {
        paused.computeIfAbsent(table, t -> {
                    AtomicInteger value = new AtomicInteger();
                    Gauge.builder("tandem.apply.paused", value, AtomicInteger::get)
                            .description("1 while the table's apply is paused by schema drift, else 0")
                            .tags("source_region", sourceRegion, "table", t)
                            .strongReference(true)
                            .register(registry);
                    return value;
                })
                .set(isPaused ? 1 : 0);
    }

    private static double lagMillis(Clock clock, AtomicLong lastCommitTsMillis) {
        long last = lastCommitTsMillis.get();
        return last < 0 ? Double.NaN : Math.max(0, clock.millis() - last);
    }

    private void count(String name, String description, String table, long n) {
        if (n == 0) {
            return;
        }
        Counter.builder(name)
                .description(description)
                .tags("source_region", sourceRegion, "table", table)
                .register(registry)
                .increment(n);
    }
}
