package io.tandem.resolver.row;

import io.tandem.resolver.vector.VersionVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated state of one row, independent of policy, with a {@link #merge} that is a join
 * (commutative, associative, idempotent), so every region that has received the same writes — in any
 * order, duplicated, batched — holds an equal {@code RowMeta}. Policies only <em>read</em> it.
 *
 * @param vv the join of the version vectors of every write seen (equal to the join of the siblings')
 * @param siblings the causally maximal writes seen (the "frontier"), sorted by origin region; one when
 *     there is no unresolved concurrency. Every write seen is covered by some sibling, so a delete is
 *     superseded exactly when it is no longer a sibling.
 * @param cells per column (for columns resolved column by column) the value of the latest write that
 *     changed it, by (hlc, origin)
 * @param counters per counter column, the per-region contributions
 */
public record RowMeta(
        VersionVector vv,
        List<Sibling> siblings,
        SortedMap<String, Cell> cells,
        SortedMap<String, PnCounter> counters) {

    public static final RowMeta EMPTY = new RowMeta(VersionVector.empty(), List.of(), new TreeMap<>(), new TreeMap<>());

    public RowMeta {
        if (vv == null || siblings == null || cells == null || counters == null) {
            throw new IllegalArgumentException("row metadata needs vv, siblings, cells and counters (maybe empty)");
        }
        siblings = List.copyOf(siblings);
        VersionVector join = VersionVector.empty();
        for (int i = 0; i < siblings.size(); i++) {
            Sibling s = siblings.get(i);
            if (i > 0 && siblings.get(i - 1).origin().compareTo(s.origin()) >= 0) {
                throw new IllegalArgumentException(
                        "row metadata: siblings must be sorted by origin with one per region," + " got '"
                                + siblings.get(i - 1).origin() + "' then '" + s.origin() + "'");
            }
            for (Sibling other : siblings) {
                if (s.isDominatedBy(other)) {
                    throw new IllegalArgumentException("row metadata: sibling " + s.stamp() + " " + s.vv()
                            + " is dominated by " + other.stamp() + " " + other.vv()
                            + "; siblings must be concurrent (use RowMeta.of to prune)");
                }
            }
            join = join.merge(s.vv());
        }
        if (!join.equals(vv)) {
            throw new IllegalArgumentException("row metadata: vv " + vv + " differs from the join of the siblings' vvs "
                    + join + "; the metadata was edited by hand or by a faulty trigger. Run 'tandem repair'.");
        }
        cells = Collections.unmodifiableSortedMap(new TreeMap<>(cells));
        TreeMap<String, PnCounter> c = new TreeMap<>(counters);
        c.values().removeIf(PnCounter.EMPTY::equals);
        counters = Collections.unmodifiableSortedMap(c);
    }

    /** Builds metadata from any collection of writes: keeps the causally maximal ones, computes vv. */
    public static RowMeta of(List<Sibling> writes, Map<String, Cell> cells, Map<String, PnCounter> counters) {
        List<Sibling> frontier = frontier(writes);
        VersionVector vv = VersionVector.empty();
        for (Sibling s : frontier) {
            vv = vv.merge(s.vv());
        }
        return new RowMeta(vv, frontier, new TreeMap<>(cells), new TreeMap<>(counters));
    }

    /** The join: everything either side has seen. */
    public RowMeta merge(RowMeta other) {
        if (other == this || other.equals(this)) {
            return this;
        }
        List<Sibling> all = new ArrayList<>(siblings.size() + other.siblings.size());
        all.addAll(siblings);
        all.addAll(other.siblings);
        TreeMap<String, Cell> mergedCells = new TreeMap<>(cells);
        other.cells.forEach((column, cell) -> mergedCells.merge(column, cell, Cell::merge));
        TreeMap<String, PnCounter> mergedCounters = new TreeMap<>(counters);
        other.counters.forEach((column, counter) -> mergedCounters.merge(column, counter, PnCounter::merge));
        return of(all, mergedCells, mergedCounters);
    }

    /** The latest HLC timestamp in this state: a local write must be stamped after it. */
    public long maxHlc() {
        long max = 0;
        for (Sibling s : siblings) {
            max = Math.max(max, s.stamp().hlc());
        }
        for (Cell c : cells.values()) {
            max = Math.max(max, c.stamp().hlc());
        }
        return max;
    }

    /** The current value of a counter column (0 if nobody has touched it). */
    public long counterValue(String column) {
        PnCounter c = counters.get(column);
        return c == null ? 0 : c.value();
    }

    public String toJson() {
        return RowMetaJson.write(this);
    }

    public static RowMeta parseJson(String text) {
        return RowMetaJson.parse(text);
    }

    private static List<Sibling> frontier(List<Sibling> writes) {
        TreeMap<String, Sibling> latestPerRegion = new TreeMap<>();
        for (Sibling s : writes) {
            latestPerRegion.merge(s.origin(), s, (a, b) -> a.dot() >= b.dot() ? a : b);
        }
        List<Sibling> result = new ArrayList<>(latestPerRegion.size());
        for (Sibling s : latestPerRegion.values()) {
            boolean dominated = false;
            for (Sibling other : latestPerRegion.values()) {
                if (s.isDominatedBy(other)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                result.add(s);
            }
        }
        return result;
    }
}
