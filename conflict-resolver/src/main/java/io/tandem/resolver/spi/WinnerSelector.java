package io.tandem.resolver.spi;

import io.tandem.resolver.row.Sibling;
import java.util.List;

/**
 * The extension point for a custom conflict policy, named in a table's configuration by class name and
 * loaded with {@link WinnerSelectors#load}. The implementation needs a public no-argument constructor.
 *
 * <p>Tandem calls it only with writes that are concurrent (none has seen another), and only after
 * delete-wins or update-wins (if configured) has narrowed them. To keep every region convergent the
 * choice must be a pure function of the candidates: no clock, randomness, external lookups or
 * dependence on list order beyond the documented sort.
 */
public interface WinnerSelector {

    /** The name shown in conflict records, e.g. {@code highest-amount}. */
    String name();

    /**
     * @param candidates two or more concurrent writes, sorted by origin region
     * @return one element of {@code candidates}
     */
    Sibling pick(List<Sibling> candidates);
}
