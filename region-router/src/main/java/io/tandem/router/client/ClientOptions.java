package io.tandem.router.client;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Settings of a {@link RouterClient}.
 *
 * @param routeTtl how long a cached route is used without asking the router again (default 5 s);
 *     an epoch change or a fencing error drops it sooner
 * @param maxAttempts attempts per call including the first (default 6): bounds retries
 * @param firstBackoff wait before the second attempt, doubled each time (default 10 ms)
 * @param maxBackoff longest wait between attempts (default 200 ms)
 * @param breakerOpenFor how long a region's circuit breaker stays open before a trial call (default 1 s)
 * @param regionFailure which exceptions of an application call mean "region failed" (default {@link Failures#REGION_FAILURE})
 */
public record ClientOptions(
        Duration routeTtl,
        int maxAttempts,
        Duration firstBackoff,
        Duration maxBackoff,
        Duration breakerOpenFor,
        Predicate<Throwable> regionFailure) {

    public ClientOptions {
        requirePositive("routeTtl", routeTtl);
        requirePositive("firstBackoff", firstBackoff);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("breakerOpenFor", breakerOpenFor);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts " + maxAttempts + " must be >= 1");
        }
        if (regionFailure == null) {
            throw new IllegalArgumentException("regionFailure is required (use Failures.REGION_FAILURE)");
        }
    }

    public static ClientOptions defaults() {
        return new ClientOptions(
                Duration.ofSeconds(5),
                6,
                Duration.ofMillis(10),
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                Failures.REGION_FAILURE);
    }

    public ClientOptions withRouteTtl(Duration value) {
        return new ClientOptions(value, maxAttempts, firstBackoff, maxBackoff, breakerOpenFor, regionFailure);
    }

    public ClientOptions withMaxAttempts(int value) {
        return new ClientOptions(routeTtl, value, firstBackoff, maxBackoff, breakerOpenFor, regionFailure);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " " + d + " must be a positive duration");
        }
    }
}
