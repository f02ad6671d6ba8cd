package io.tandem.replicator.schema;

import java.util.List;

/**
 * What one bootstrap run changed, one sentence per change, e.g. {@code "public.orders: added
 * columns tandem_vv, tandem_hlc"}. Empty when the database already matched: the bootstrap is
 * idempotent.
 */
public record BootstrapReport(List<String> actions) {
    public BootstrapReport {
        actions = List.copyOf(actions);
    }

    public boolean changedNothing() {
        return actions.isEmpty();
    }
}
