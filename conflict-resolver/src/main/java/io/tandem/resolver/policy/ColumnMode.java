package io.tandem.resolver.policy;

import io.tandem.resolver.row.Cell;
import io.tandem.resolver.row.RowMeta;
import io.tandem.resolver.row.Sibling;

/** How one column's value is chosen when writes conflict. */
public enum ColumnMode {
    /**
     * The column takes its value from the row's winning write (chosen by the table's winner rule).
     * Guarantees: all such columns come from one write, so they are mutually consistent.
     */
    ROW_WINNER {
        @Override
        Object value(String column, Sibling winner, RowMeta meta) {
            return winner.values().get(column);
        }

        @Override
        boolean present(String column, Sibling winner, RowMeta meta) {
            return winner.values().containsKey(column);
        }
    },
    /**
     * Column-level merge: the column takes the value of the latest write, by (HLC, origin region), among
     * the writes that changed it. Guarantees: a concurrent change to another column never undoes a
     * change to this one; no change that some later write did not see is lost unless a later change to
     * the same column wins.
     */
    LATEST_WRITE {
        @Override
        Object value(String column, Sibling winner, RowMeta meta) {
            Cell cell = meta.cells().get(column);
            return cell == null ? null : cell.value();
        }

        @Override
        boolean present(String column, Sibling winner, RowMeta meta) {
            return meta.cells().containsKey(column);
        }
    },
    /**
     * A counter column: each region's increments and decrements add up (a PN-counter). Guarantees:
     * the value is exactly the sum of every delta made anywhere, once each, whatever the delivery order.
     */
    COUNTER {
        @Override
        Object value(String column, Sibling winner, RowMeta meta) {
            return meta.counterValue(column);
        }

        @Override
        boolean present(String column, Sibling winner, RowMeta meta) {
            return true; // a declared counter column reads 0 until a region adds to it
        }
    };

    abstract Object value(String column, Sibling winner, RowMeta meta);

    abstract boolean present(String column, Sibling winner, RowMeta meta);
}
