package io.tandem.router.client;

import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;

/** Asks a router for a route ({@link GrpcRouteSource} in production). */
@FunctionalInterface
public interface RouteSource {

    /**
     * @throws IllegalArgumentException when the router refused the request as invalid (permanent)
     * @throws RouterUnavailableException when the router could not answer now (retriable)
     */
    Route fetch(RouteRequest request);
}
