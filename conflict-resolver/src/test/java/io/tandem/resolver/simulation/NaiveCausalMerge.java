package io.tandem.resolver.simulation;

import io.tandem.resolver.ConflictRecord;
import io.tandem.resolver.Outcome;
import io.tandem.resolver.Resolution;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowMeta;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.row.Sibling;
import io.tandem.resolver.vector.Causality;
import io.tandem.resolver.vector.VersionVector;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A deliberately wrong resolver, the rule the spec warns about: "causal order, else tie-break by
 * region". It keeps a single version: the dominating one, or for concurrent versions the one whose
 * winning write comes from the greater region id, under the merged vector. It is not associative once
 * three writes meet, so regions diverge — and the simulation must notice.
 */
final class NaiveCausalMerge implements Merge {

    @Override
    public Resolution resolve(Optional<RowVersion> local, RowVersion incoming, TablePolicy policy, Instant at) {
        if (local.isEmpty()) {
            return new Resolution(Outcome.APPLY, incoming, Optional.empty());
        }
        RowVersion here = local.get();
        Causality c = incoming.vv().compare(here.vv());
        if (c == Causality.BEFORE || c == Causality.EQUAL) {
            return new Resolution(Outcome.SKIP, here, Optional.empty());
        }
        if (c == Causality.AFTER) {
            return new Resolution(Outcome.APPLY, incoming, Optional.empty());
        }
        RowVersion keep = incoming.origin().compareTo(here.origin()) > 0 ? incoming : here;
        Sibling kept = policy.winnerOf(keep.meta());
        VersionVector vv = here.vv().merge(incoming.vv());
        RowMeta cellsAndCounters = here.meta().merge(incoming.meta());
        RowMeta meta = new RowMeta(
                vv,
                List.of(new Sibling(vv, kept.stamp(), kept.deleted(), kept.values())),
                cellsAndCounters.cells(),
                cellsAndCounters.counters());
        RowVersion merged = policy.materialize(meta);
        return new Resolution(
                Outcome.MERGE,
                merged,
                Optional.of(new ConflictRecord(here, incoming, "naive", merged, "tie-break by region", at)));
    }
}
