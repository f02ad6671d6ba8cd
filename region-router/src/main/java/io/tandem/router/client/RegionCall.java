package io.tandem.router.client;

import io.tandem.router.route.Route;
import io.tandem.router.route.Target;

/** The application's work against one region (e.g. a JDBC transaction on that region's database). */
@FunctionalInterface
public interface RegionCall<T> {

    T call(Target target, Route route) throws Exception;
}
