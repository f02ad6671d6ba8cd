package io.tandem.replicator.reconcile;

import java.util.Objects;
import javax.sql.DataSource;

/** One region's database, as the consistency check reaches it. */
public record RegionDatabase(String region, DataSource dataSource) {
    public RegionDatabase {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region name must be non-blank");
        }
        Objects.requireNonNull(dataSource, "dataSource of " + region);
    }
}
