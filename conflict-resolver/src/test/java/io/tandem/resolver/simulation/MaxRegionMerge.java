package io.tandem.resolver.simulation;

import io.tandem.resolver.Outcome;
import io.tandem.resolver.Resolution;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowMeta;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.row.Sibling;
import io.tandem.resolver.vector.VersionVector;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A deliberately wrong resolver: keep the version whose winning write comes from the greatest region id
 * (then the greatest dot), ignoring causality. Regions often agree on the result — but a causally
 * later write from a "smaller" region is silently lost, which the winner and conflict-log invariants
 * must catch even when convergence holds.
 */
final class MaxRegionMerge implements Merge {

    private static final Comparator<RowVersion> ORDER =
            Comparator.comparing(RowVersion::origin).thenComparingLong(v -> v.vv().get(v.origin()));

    @Override
    public Resolution resolve(Optional<RowVersion> local, RowVersion incoming, TablePolicy policy, Instant at) {
        if (local.isEmpty()) {
            return new Resolution(Outcome.APPLY, incoming, Optional.empty());
        }
        RowVersion here = local.get();
        if (here.equals(incoming)) {
            return new Resolution(Outcome.SKIP, here, Optional.empty());
        }
        RowVersion keep = ORDER.compare(incoming, here) > 0 ? incoming : here;
        Sibling kept = policy.winnerOf(keep.meta());
        VersionVector vv = here.vv().merge(incoming.vv());
        RowMeta joined = here.meta().merge(incoming.meta());
        RowMeta meta = new RowMeta(
                vv,
                List.of(new Sibling(vv, kept.stamp(), kept.deleted(), kept.values())),
                joined.cells(),
                joined.counters());
        RowVersion merged = policy.materialize(meta);
        if (merged.equals(here)) {
            return new Resolution(Outcome.SKIP, here, Optional.empty());
        }
        return new Resolution(Outcome.APPLY, merged, Optional.empty());
    }
}
