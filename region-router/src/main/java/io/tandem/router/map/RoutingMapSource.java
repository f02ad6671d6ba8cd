package io.tandem.router.map;

import io.tandem.router.route.RoutingMap;

/** Where the router reads its current snapshot from; {@link #current()} never blocks. */
@FunctionalInterface
public interface RoutingMapSource {

    RoutingMap current();
}
