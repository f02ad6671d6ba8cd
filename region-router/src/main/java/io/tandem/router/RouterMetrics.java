package io.tandem.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tandem.controller.MonotonicClock;
import io.tandem.router.map.RoutingMapSource;
import io.tandem.router.route.Intent;
import io.tandem.router.route.RoutingMap;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The router's meters, built once with fixed tags (hot path does no lookups):
 *
 * <ul>
 *   <li>{@code tandem.router.requests{intent,outcome}}: route requests; intent {@code unknown} when
 *       the request could not be parsed;
 *   <li>{@code tandem.router.route.latency}: time to decide a route;
 *   <li>{@code tandem.router.stale.answers}: answers given from a stale map;
 *   <li>{@code tandem.router.map.version}: version of the current routing map;
 *   <li>{@code tandem.router.map.stale.seconds}: how long the map has been stale (0 while current).
 * </ul>
 */
public final class RouterMetrics {

    private final Map<Outcome, Counter> unknownIntent = new EnumMap<>(Outcome.class);
    private final Map<Intent, Map<Outcome, Counter>> requests = new EnumMap<>(Intent.class);
    private final Timer latency;
    private final Counter stale;

    public RouterMetrics(MeterRegistry registry, RoutingMapSource maps, MonotonicClock clock) {
        for (Outcome o : Outcome.values()) {
            unknownIntent.put(o, requestCounter(registry, "unknown", o));
        }
        for (Intent i : Intent.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, requestCounter(registry, i.name().toLowerCase(java.util.Locale.ROOT), o));
            }
            requests.put(i, byOutcome);
        }
        latency = Timer.builder("tandem.router.route.latency")
                .description("Time to decide one route, from parsed request to answer")
                .register(registry);
        stale = Counter.builder("tandem.router.stale.answers")
                .description("Routes answered from the last known map while ZooKeeper was unreachable")
                .register(registry);
        Gauge.builder("tandem.router.map.version", maps, m -> m.current().version())
                .description("Version of the routing map in use; rises with every change seen in ZooKeeper")
                .register(registry);
        Gauge.builder("tandem.router.map.stale.seconds", maps, m -> staleSeconds(m.current(), clock))
                .description(
                        "Seconds since the router lost ZooKeeper and started serving its last known map; 0 while current")
                .register(registry);
    }

    private static double staleSeconds(RoutingMap map, MonotonicClock clock) {
        return map.stale() ? (clock.nanos() - map.staleSinceNanos()) / 1e9 : 0;
    }

    private static Counter requestCounter(MeterRegistry registry, String intent, Outcome outcome) {
        return Counter.builder("tandem.router.requests")
                .description("Route requests by intent and outcome")
                .tag("intent", intent)
                .tag("outcome", outcome.tag())
                .register(registry);
    }

    void record(Intent intent, Outcome outcome) {
        (intent == null ? unknownIntent : requests.get(intent)).get(outcome).increment();
    }

    void staleAnswer() {
        stale.increment();
    }

    void latency(long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
