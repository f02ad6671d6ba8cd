package io.tandem.router.client;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.tandem.controller.MonotonicClock;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.route.Target;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's side of the router.
 *
 * <ul>
 *   <li>{@link #route} answers from a cache per (group, intent) while the route is younger than
 *       the TTL and no higher epoch has been seen for the group; if the router cannot be reached it
 *       falls back to the last cached route, marked stale (static stability on the client too).
 *   <li>{@link #call} runs the application's work on the routed region: a region failure moves on to
 *       the next candidate (reads) through a per-region Resilience4j CircuitBreaker; a fence refusal
 *       (SQLSTATE TD001) drops the group's cached routes; both, and "retry later" answers, are retried
 *       by a Resilience4j Retry with exponential backoff, at most {@code maxAttempts} times.
 * </ul>
 *
 * Thread-safe. It holds no resources of its own: close the {@link RouteSource}'s channel when done.
 */
public final class RouterClient {

    private static final Logger log = LoggerFactory.getLogger(RouterClient.class);

    private final RouteSource source;
    private final ClientOptions options;
    private final RouteCache cache;
    private final Retry retry;
    private final CircuitBreakerRegistry breakers;
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong fencings = new AtomicLong();

    public RouterClient(RouteSource source, ClientOptions options, MonotonicClock clock) {
        this.source = source;
        this.options = options;
        this.cache = new RouteCache(clock, options.routeTtl());
        this.retry = Retry.of(
                "tandem-router-client",
                RetryConfig.custom()
                        .maxAttempts(options.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(
                                options.firstBackoff(), 2.0, options.maxBackoff()))
                        .retryOnException(e -> e instanceof RetriableException)
                        .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(options.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(options.regionFailure())
                .build());
    }

    /**
     * The route for {@code request}, from the cache when it is fresh.
     *
     * @throws IllegalArgumentException when the router refuses the request as invalid
     * @throws RouterUnavailableException when the router cannot be reached and nothing is cached
     */
    public Route route(RouteRequest request) {
        Optional<RouteCache.Key> key = cache.keyOf(request);
        if (key.isPresent()) {
            Optional<Route> hit = cache.get(key.get(), false);
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        try {
            fetches.incrementAndGet();
            Route route = source.fetch(request);
            cache.put(request, route);
            return route;
        } catch (RouterUnavailableException e) {
            Optional<Route> last = key.flatMap(k -> cache.get(k, true));
            if (last.isPresent() && !last.get().retryLater()) {
                log.warn(
                        "router unreachable ({}); using the last cached route for group {}",
                        e.getMessage(),
                        last.get().group());
                Route r = last.get();
                return new Route(
                        r.group(),
                        r.target(),
                        r.epoch(),
                        true,
                        false,
                        "",
                        r.alternatives(),
                        r.shard(),
                        r.shards(),
                        r.mapVersion());
            }
            throw e;
        }
    }

    /**
     * Runs {@code work} on the region the router picks, retrying as the class comment says.
     *
     * @throws RetriableException the last failure once {@code maxAttempts} attempts are used up
     * @throws CallFailedException when {@code work} failed for its own reasons (not retried)
     * @throws IllegalArgumentException when the router refuses the request as invalid
     */
    public <T> T call(RouteRequest request, RegionCall<T> work) {
        return retry.executeSupplier(() -> attempt(request, work));
    }

    private <T> T attempt(RouteRequest request, RegionCall<T> work) {
        Route route = route(request);
        if (route.retryLater()) {
            throw new RouteNotReadyException(route.reason());
        }
        RegionUnavailableException last = null;
        for (Target target : route.candidates()) {
            CircuitBreaker breaker = breakers.circuitBreaker(target.region());
            try {
                return breaker.executeCallable(() -> work.call(target, route));
            } catch (CallNotPermittedException e) {
                last = new RegionUnavailableException(
                        "region " + target.region() + " skipped: its circuit breaker is open", e);
            } catch (Exception e) {
                if (Failures.isFencing(e)) {
                    fencings.incrementAndGet();
                    cache.invalidate(route.group());
                    throw new FencedException(
                            "region " + target.region() + " refused the call for group " + route.group() + " at epoch "
                                    + route.epoch() + " (TD001); asking the router again",
                            e);
                }
                if (!options.regionFailure().test(e)) {
                    throw new CallFailedException(
                            "call on region " + target.region() + " failed: " + e.getMessage(), e);
                }
                last = new RegionUnavailableException("region " + target.region() + " failed: " + e.getMessage(), e);
            }
        }
        cache.invalidate(route.group()); // the owner may have moved: ask again next attempt
        throw last;
    }

    /**
     * Tells the client the application saw {@code error} for {@code group} outside {@link #call}: if
     * it is a fence refusal (TD001), the group's cached routes are dropped and true is returned.
     */
    public boolean reportError(String group, Throwable error) {
        if (Failures.isFencing(error)) {
            fencings.incrementAndGet();
            cache.invalidate(group);
            return true;
        }
        return false;
    }

    /** Tells the client that {@code group} is at least at {@code epoch} (e.g. from a database row). */
    public void observeEpoch(String group, long epoch) {
        cache.observeEpoch(group, epoch);
    }

    /** How many times the client asked the router (cache misses). */
    public long fetches() {
        return fetches.get();
    }

    /** How many fence refusals (TD001) the client has seen. */
    public long fencings() {
        return fencings.get();
    }

    /** The circuit breaker state of {@code region}. */
    public CircuitBreaker.State breakerState(String region) {
        return breakers.circuitBreaker(region).getState();
    }
}
