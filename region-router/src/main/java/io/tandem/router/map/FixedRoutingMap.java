package io.tandem.router.map;

import io.tandem.router.route.RoutingMap;
import java.util.concurrent.atomic.AtomicReference;

/** A map set by hand: for tests, benchmarks and routers without ZooKeeper. */
public final class FixedRoutingMap implements RoutingMapSource {

    private final AtomicReference<RoutingMap> map;

    public FixedRoutingMap(RoutingMap initial) {
        this.map = new AtomicReference<>(initial);
    }

    public void set(RoutingMap value) {
        map.set(value);
    }

    @Override
    public RoutingMap current() {
        return map.get();
    }
}
