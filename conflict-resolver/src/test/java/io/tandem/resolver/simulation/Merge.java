package io.tandem.resolver.simulation;

import io.tandem.resolver.Resolution;
import io.tandem.resolver.Resolver;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowVersion;
import java.time.Instant;
import java.util.Optional;

/** The resolution function a simulated region's applier uses; the real one or a deliberately broken one. */
@FunctionalInterface
interface Merge {

    Merge RESOLVER = Resolver::resolve;

    Resolution resolve(Optional<RowVersion> local, RowVersion incoming, TablePolicy policy, Instant at);
}
