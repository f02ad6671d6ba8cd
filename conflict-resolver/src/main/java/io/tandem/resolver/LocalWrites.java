package io.tandem.resolver;

import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.Cell;
import io.tandem.resolver.row.PnCounter;
import io.tandem.resolver.row.RowMeta;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.row.Sibling;
import io.tandem.resolver.row.Stamp;
import io.tandem.resolver.vector.VersionVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies a local write to a row's state — the Java twin of the PL/pgSQL trigger, used by tests, the
 * repair path and the simulation. The steps, which the trigger mirrors:
 *
 * <ol>
 *   <li>{@code vv := vv + {region: vv[region] + 1}}; the write's dot is {@code (region, vv[region])};
 *   <li>the write's stamp is {@code (hlc, region)} with {@code hlc > } every HLC in the state;
 *   <li>siblings := the single new write (it has seen every sibling, so it supersedes them all);
 *   <li>for each changed column resolved by {@link ColumnMode#LATEST_WRITE}: its cell := (value, stamp);
 *   <li>for each counter column: the region's contribution grows by the delta ({@code inc} or {@code dec});
 *   <li>the sibling's values := the row image (after the write) of the columns following the row winner.
 * </ol>
 */
public final class LocalWrites {

    private LocalWrites() {}

    /**
     * @throws IllegalArgumentException if the write's HLC does not exceed the state's, or a value does not
     *     fit its column's mode
     */
    public static RowVersion apply(Optional<RowVersion> current, LocalWrite write, TablePolicy policy) {
        RowMeta meta = current.map(RowVersion::meta).orElse(RowMeta.EMPTY);
        if (write.hlc() <= meta.maxHlc()) {
            throw new IllegalArgumentException("local write from '" + write.region() + "' has HLC " + write.hlc()
                    + ", not after the row's latest " + meta.maxHlc()
                    + "; stamp writes with greatest(now_ms << 16, previous + 1)");
        }
        boolean live = current.isPresent() && !current.get().deleted();
        Map<String, Object> visible = live ? current.get().values() : Map.of();
        VersionVector vv = meta.vv().increment(write.region());
        Stamp stamp = new Stamp(write.hlc(), write.region());

        TreeMap<String, Object> image = new TreeMap<>();
        TreeMap<String, Cell> cells = new TreeMap<>(meta.cells());
        TreeMap<String, PnCounter> counters = new TreeMap<>(meta.counters());
        if (!write.delete()) {
            visible.forEach((column, value) -> {
                if (policy.modeOf(column) == ColumnMode.ROW_WINNER) {
                    image.put(column, value);
                }
            });
            for (Map.Entry<String, Object> e : write.values().entrySet()) {
                String column = e.getKey();
                Object value = e.getValue();
                switch (policy.modeOf(column)) {
                    case ROW_WINNER -> image.put(column, value);
                    case LATEST_WRITE -> {
                        if (!live || !visible.containsKey(column) || !Objects.equals(visible.get(column), value)) {
                            cells.put(column, new Cell(value, stamp));
                        }
                    }
                    case COUNTER -> {
                        if (!(value instanceof Long target)) {
                            throw new IllegalArgumentException(
                                    "counter column '" + column + "' set to " + value + "; expected an integer");
                        }
                        long delta = Math.subtractExact(target, meta.counterValue(column));
                        counters.put(
                                column,
                                counters.getOrDefault(column, PnCounter.EMPTY).add(write.region(), delta));
                    }
                }
            }
            for (Map.Entry<String, Long> e : write.counterDeltas().entrySet()) {
                if (policy.modeOf(e.getKey()) != ColumnMode.COUNTER) {
                    throw new IllegalArgumentException("column '" + e.getKey() + "' received a delta but is not a"
                            + " counter column; declare it with withColumn(\"" + e.getKey() + "\", COUNTER)");
                }
                counters.put(
                        e.getKey(),
                        counters.getOrDefault(e.getKey(), PnCounter.EMPTY).add(write.region(), e.getValue()));
            }
        }
        List<Sibling> writes = new ArrayList<>(meta.siblings());
        writes.add(new Sibling(vv, stamp, write.delete(), image));
        return policy.materialize(RowMeta.of(writes, cells, counters));
    }
}
