package io.tandem.replicator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Capture and ship metrics of one region, from fixed templates with the tags {@code region} and
 * {@code table}. Thread-safe; meters are registered on first use.
 */
public final class ReplicationMetrics {
    public static final String CAPTURED = "tandem.capture.events";
    public static final String DROPPED = "tandem.capture.dropped";
    public static final String SHIPPED = "tandem.ship.events";
    public static final String SHIP_ERRORS = "tandem.ship.errors";
    public static final String LAG = "tandem.capture.lag";

    private final MeterRegistry registry;
    private final String region;
    private final Map<String, Counter> captured = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final Map<String, Counter> shipped = new ConcurrentHashMap<>();
    private final Counter shipErrors;
    private final Timer lag;

    public ReplicationMetrics(MeterRegistry registry, String region) {
        this.registry = registry;
        this.region = region;
        this.shipErrors = Counter.builder(SHIP_ERRORS)
                .description("Batches whose shipping to Kafka failed; capture stops without committing and re-sends")
                .tag("region", region)
                .register(registry);
        this.lag = Timer.builder(LAG)
                .description("Time from the source transaction's commit to Kafka acknowledging its events")
                .tag("region", region)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** A local change read from the database that will be shipped. */
    public void captured(String table) {
        captured.computeIfAbsent(table, t -> Counter.builder(CAPTURED)
                        .description("Local row changes captured from the database for shipping")
                        .tags("region", region, "table", t)
                        .register(registry))
                .increment();
    }

    /** A change not shipped; {@code reason} is a fixed spelling such as {@code applied-by-tandem}. */
    public void dropped(String table, String reason) {
        dropped.computeIfAbsent(table + "|" + reason, k -> Counter.builder(DROPPED)
                        .description("Captured row changes not shipped: loop prevention (written by Tandem's applier)"
                                + " or raw deletes, which travel as tombstones")
                        .tags("region", region, "table", table, "reason", reason)
                        .register(registry))
                .increment();
    }

    /** Events Kafka acknowledged. */
    public void shipped(String table, int events) {
        shipped.computeIfAbsent(table, t -> Counter.builder(SHIPPED)
                        .description("Change events acknowledged by Kafka (acks=all)")
                        .tags("region", region, "table", t)
                        .register(registry))
                .increment(events);
    }

    public void shipError() {
        shipErrors.increment();
    }

    /** Commit-to-acknowledged time of one event. */
    public void lag(Duration commitToShipped) {
        lag.record(commitToShipped.isNegative() ? Duration.ZERO : commitToShipped);
    }
}
