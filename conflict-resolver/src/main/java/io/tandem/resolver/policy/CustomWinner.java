package io.tandem.resolver.policy;

import io.tandem.resolver.row.Sibling;
import io.tandem.resolver.spi.WinnerSelector;
import io.tandem.resolver.spi.WinnerSelectors;
import java.util.List;

/**
 * A winner rule supplied by a {@link WinnerSelector} plug-in. Guarantees what the plug-in guarantees;
 * convergence holds as long as its choice is a pure function of the candidates. A pick that is not one
 * of the candidates is rejected.
 */
public record CustomWinner(WinnerSelector selector) implements WinnerRule {

    public CustomWinner {
        if (selector == null) {
            throw new IllegalArgumentException("custom winner rule needs a WinnerSelector");
        }
    }

    /** Loads the plug-in by class name; see {@link WinnerSelectors#load(String)}. */
    public static CustomWinner load(String className) {
        return new CustomWinner(WinnerSelectors.load(className));
    }

    @Override
    public String name() {
        return "custom:" + selector.name();
    }

    @Override
    public Sibling pick(List<Sibling> candidates) {
        Sibling pick = selector.pick(List.copyOf(candidates));
        if (!candidates.contains(pick)) {
            throw new IllegalStateException(
                    "custom conflict policy " + selector.getClass().getName()
                            + " returned a write that is not one of the candidates; it must return an element of the list");
        }
        return pick;
    }
}
