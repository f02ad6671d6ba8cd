package io.tandem.resolver.spi;

import io.tandem.resolver.row.Sibling;
import java.util.Comparator;
import java.util.List;

/** A test plug-in: the alphabetically first region wins a conflict (a pure function of the candidates). */
public final class LowestRegionWins implements WinnerSelector {

    @Override
    public String name() {
        return "lowest-region-wins";
    }

    @Override
    public Sibling pick(List<Sibling> candidates) {
        return candidates.stream().min(Comparator.comparing(Sibling::origin)).orElseThrow();
    }
}
