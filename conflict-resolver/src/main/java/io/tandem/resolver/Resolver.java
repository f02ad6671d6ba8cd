package io.tandem.resolver;

import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowMeta;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.row.Sibling;
import io.tandem.resolver.vector.Causality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves an incoming row version against the local one. Stateless and thread-safe.
 *
 * <p>Version vectors decide: a dominated or equal incoming version is skipped, a dominating one is
 * applied, a concurrent one is merged and recorded as a conflict. In every case the resulting state is
 * the join ({@link RowMeta#merge}) of both states, presented by the table policy, so regions converge
 * whatever the order, duplication or grouping of deliveries.
 *
 * <p>The applier must also advance its region's clock past the incoming state
 * ({@code clock.update(incoming.meta().maxHlc())}), so that later local writes are stamped after
 * everything they have seen; the trigger's {@code greatest(..., meta_max_hlc + 1)} guarantees the same
 * per row.
 */
public final class Resolver {

    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);

    private Resolver() {}

    /**
     * @param local the row as stored here, or empty if this region has never seen it
     * @param incoming the version received from another region
     * @param policy the table's policy (the same in every region)
     * @param resolvedAt the time to put in a conflict record
     */
    public static Resolution resolve(
            Optional<RowVersion> local, RowVersion incoming, TablePolicy policy, Instant resolvedAt) {
        if (local.isEmpty()) {
            return new Resolution(Outcome.APPLY, policy.materialize(incoming.meta()), Optional.empty());
        }
        RowVersion here = local.get();
        Causality causality = incoming.vv().compare(here.vv());
        if (causality.isCoveredByOther()) {
            return new Resolution(Outcome.SKIP, here, Optional.empty());
        }
        RowVersion merged = policy.materialize(here.meta().merge(incoming.meta()));
        if (causality == Causality.AFTER) {
            return new Resolution(Outcome.APPLY, merged, Optional.empty());
        }
        ConflictRecord record =
                new ConflictRecord(here, incoming, policy.name(), merged, describe(merged, policy), resolvedAt);
        LOG.debug("conflict resolved: {}", record.description());
        return new Resolution(Outcome.MERGE, merged, Optional.of(record));
    }

    static String describe(RowVersion merged, TablePolicy policy) {
        List<String> others = new ArrayList<>();
        for (Sibling s : merged.meta().siblings()) {
            if (!s.stamp().equals(merged.winner())) {
                others.add(s.stamp() + (s.deleted() ? " delete" : " update"));
            }
        }
        StringBuilder out = new StringBuilder("winner ")
                .append(merged.winner())
                .append(" (")
                .append(policy.name())
                .append(")");
        if (!others.isEmpty()) {
            out.append(" over ").append(others);
        }
        out.append("; row ").append(merged.deleted() ? "deleted" : "kept");
        if (!merged.meta().cells().isEmpty() || !merged.meta().counters().isEmpty()) {
            out.append("; merged columns ")
                    .append(merged.meta().cells().keySet())
                    .append(", counters ")
                    .append(merged.meta().counters().keySet());
        }
        return out.toString();
    }
}
