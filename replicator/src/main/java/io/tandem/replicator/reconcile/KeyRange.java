package io.tandem.replicator.reconcile;

import java.util.List;

/**
 * A half-open range of primary keys {@code [from, to)} in primary-key order; a missing bound is
 * unbounded. Keys are the key columns' JDBC values, in key order.
 */
record KeyRange(List<Object> from, List<Object> to) {
    static final KeyRange ALL = new KeyRange(null, null);

    KeyRange {
        from = from == null ? null : List.copyOf(from);
        to = to == null ? null : List.copyOf(to);
    }

    @Override
    public String toString() {
        return "[" + (from == null ? "-inf" : from) + ", " + (to == null ? "+inf" : to) + ")";
    }
}
