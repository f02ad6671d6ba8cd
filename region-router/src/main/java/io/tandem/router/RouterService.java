package io.tandem.router;

import io.tandem.router.limit.ClientRateLimits;
import io.tandem.router.limit.RateLimitedException;
import io.tandem.router.map.RoutingMapSource;
import io.tandem.router.route.BadRequestException;
import io.tandem.router.route.NoRouteException;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.route.Router;
import io.tandem.router.route.RoutingMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both transports call: admits a caller against its rate limit, then decides routes on the
 * current map snapshot, counting outcomes and timing each decision. Thread-safe.
 */
public final class RouterService {

    private static final Logger log = LoggerFactory.getLogger(RouterService.class);

    /** Most requests accepted in one batch. */
    public static final int MAX_BATCH = 1000;

    private final Router router;
    private final RoutingMapSource maps;
    private final ClientRateLimits limits;
    private final RouterMetrics metrics;

    public RouterService(Router router, RoutingMapSource maps, ClientRateLimits limits, RouterMetrics metrics) {
        this.router = router;
        this.maps = maps;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * Takes {@code permits} from the caller's rate limit.
     *
     * @throws RateLimitedException when the caller has none left
     */
    public void admit(String clientId, int permits) {
        try {
            limits.acquire(clientId, permits);
        } catch (RateLimitedException e) {
            metrics.record(null, Outcome.RATE_LIMITED);
            throw e;
        }
    }

    /**
     * Decides one route. {@code request} builds the request (it may throw
     * {@link BadRequestException} while parsing: that is counted like any bad input).
     *
     * @throws BadRequestException for invalid input, naming the field
     * @throws NoRouteException when the group has no owner yet
     */
    public Route route(Supplier<RouteRequest> request) {
        long start = System.nanoTime();
        RouteRequest parsed = null;
        try {
            parsed = request.get();
            RoutingMap map = maps.current();
            Route route = router.route(map, parsed);
            metrics.record(parsed.intent(), route.retryLater() ? Outcome.RETRY_LATER : Outcome.OK);
            if (route.stale()) {
                metrics.staleAnswer();
            }
            return route;
        } catch (BadRequestException e) {
            metrics.record(parsed == null ? null : parsed.intent(), Outcome.BAD_REQUEST);
            throw e;
        } catch (NoRouteException e) {
            metrics.record(parsed.intent(), Outcome.NO_ROUTE);
            throw e;
        } catch (RuntimeException e) {
            metrics.record(parsed == null ? null : parsed.intent(), Outcome.ERROR);
            log.error("routing failed on {}: {}", parsed, e.getMessage(), e);
            throw e;
        } finally {
            metrics.latency(System.nanoTime() - start);
        }
    }

    /** The current map snapshot (for health answers). */
    public RoutingMap map() {
        return maps.current();
    }
}
