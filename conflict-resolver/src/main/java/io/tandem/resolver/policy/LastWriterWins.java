package io.tandem.resolver.policy;

import io.tandem.resolver.row.Sibling;
import java.util.List;

/**
 * The default: the write with the greatest (HLC timestamp, origin region) wins. Guarantees: a total
 * order that extends causality, so a causally later write always wins, and concurrent writes are
 * settled the same way everywhere; the losing write is recorded as a conflict.
 */
public record LastWriterWins() implements WinnerRule {

    public static final LastWriterWins INSTANCE = new LastWriterWins();

    @Override
    public String name() {
        return "last-writer-wins";
    }

    @Override
    public Sibling pick(List<Sibling> candidates) {
        Sibling best = candidates.get(0);
        for (Sibling s : candidates) {
            if (s.stamp().isAfter(best.stamp())) {
                best = s;
            }
        }
        return best;
    }
}
