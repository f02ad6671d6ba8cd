package io.tandem.router.limit;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Resilience4j {@link RateLimiter} per client id (from gRPC metadata {@code x-tandem-client-id}
 * or HTTP header {@code X-Tandem-Client-Id}; callers without one share {@value #ANONYMOUS}). A call
 * that finds no permit fails at once, it never queues. At most {@value #MAX_CLIENTS} ids get their own
 * limiter; ids seen after that share one limiter, {@value #OVERFLOW}, so random ids cannot grow memory
 * without bound. Thread-safe.
 */
public final class ClientRateLimits {

    /** Header / metadata key carrying the client id. */
    public static final String CLIENT_ID_HEADER = "x-tandem-client-id";

    /** The id of callers that send none. */
    public static final String ANONYMOUS = "anonymous";

    /** Distinct client ids with a limiter of their own. */
    public static final int MAX_CLIENTS = 10_000;

    /** The limiter shared by ids beyond {@link #MAX_CLIENTS}. */
    public static final String OVERFLOW = "overflow";

    private static final int MAX_CLIENT_ID_LENGTH = 128;

    private final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    private final RateLimiterRegistry registry;
    private final int perSecond;

    /** {@code perSecond} permits per client id, refreshed every second; 0 disables limiting. */
    public ClientRateLimits(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("rate limit per client " + perSecond + "/s must be >= 0 (0 = off)");
        }
        this.perSecond = perSecond;
        this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, perSecond))
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    /**
     * Takes {@code permits} permits for {@code clientId}.
     *
     * @throws RateLimitedException naming the client and its limit when none are left
     */
    public void acquire(String clientId, int permits) {
        if (perSecond == 0) {
            return;
        }
        String id = normalize(clientId);
        if (permits > perSecond) {
            throw new RateLimitedException("client '" + id + "' asked for " + permits
                    + " routes in one call but may make " + perSecond + " per second: split the batch");
        }
        if (!limiterOf(id).acquirePermission(permits)) {
            throw new RateLimitedException("client '" + id + "' exceeded its rate limit of " + perSecond
                    + " routes per second: slow down and retry, or cache routes (the Java client does)");
        }
    }

    private RateLimiter limiterOf(String id) {
        RateLimiter limiter = limiters.get(id);
        if (limiter != null) {
            return limiter;
        }
        if (limiters.size() >= MAX_CLIENTS) {
            return limiters.computeIfAbsent(OVERFLOW, registry::rateLimiter);
        }
        return limiters.computeIfAbsent(id, registry::rateLimiter);
    }

    /** The id to key limits by: the given one trimmed and capped, or {@value #ANONYMOUS}. */
    public static String normalize(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return ANONYMOUS;
        }
        String id = clientId.strip();
        return id.length() > MAX_CLIENT_ID_LENGTH ? id.substring(0, MAX_CLIENT_ID_LENGTH) : id;
    }
}
