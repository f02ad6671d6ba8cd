package io.tandem.resolver.policy;

import io.tandem.resolver.row.Sibling;
import java.util.List;

/**
 * Chooses the winning write among concurrent ones. Because it is applied to the causally maximal
 * writes of the replicated state (never to arrival order), any deterministic rule converges.
 */
public interface WinnerRule {

    /** A short name for conflict records and logs, e.g. {@code last-writer-wins}. */
    String name();

    /**
     * @param candidates two or more concurrent writes, sorted by origin region
     * @return one of the candidates; must depend only on the candidates, not on time or randomness
     */
    Sibling pick(List<Sibling> candidates);
}
