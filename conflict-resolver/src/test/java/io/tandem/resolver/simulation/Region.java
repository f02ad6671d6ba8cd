package io.tandem.resolver.simulation;

import io.tandem.resolver.clock.HybridLogicalClock;
import io.tandem.resolver.row.RowVersion;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** One simulated region: its clock (with its own skew) and its copy of every row. */
final class Region {

    final String id;
    final HybridLogicalClock clock;
    final Map<String, RowVersion> rows = new TreeMap<>();

    Region(String id, LongSupplier wallMillis) {
        this.id = id;
        this.clock = new HybridLogicalClock(wallMillis);
    }
}
