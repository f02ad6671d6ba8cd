package io.tandem.resolver.policy;

import io.tandem.resolver.row.Sibling;
import io.tandem.resolver.vector.Regions;
import java.util.List;

/**
 * Among concurrent writes, the one from the region listed first wins; regions not listed rank after
 * all listed ones; ties (unlisted regions) fall back to (HLC, region). Guarantees: a causally later
 * write still beats an earlier one from a higher-priority region (priority applies only to concurrent
 * writes), and every region picks the same winner.
 *
 * @param regions regions in descending priority, e.g. {@code [us-east, eu-west]}
 */
public record RegionPriority(List<String> regions) implements WinnerRule {

    public RegionPriority {
        regions = List.copyOf(regions);
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("region priority needs at least one region, highest priority first");
        }
        for (String r : regions) {
            Regions.require(r);
        }
        if (regions.stream().distinct().count() != regions.size()) {
            throw new IllegalArgumentException("region priority " + regions + " lists a region twice; list each once");
        }
    }

    @Override
    public String name() {
        return "region-priority" + regions;
    }

    @Override
    public Sibling pick(List<Sibling> candidates) {
        Sibling best = candidates.get(0);
        for (Sibling s : candidates) {
            int cmp = Integer.compare(rank(best), rank(s));
            if (cmp > 0 || (cmp == 0 && s.stamp().isAfter(best.stamp()))) {
                best = s;
            }
        }
        return best;
    }

    private int rank(Sibling s) {
        int i = regions.indexOf(s.origin());
        return i < 0 ? regions.size() : i;
    }
}
