package io.tandem.resolver;

import io.tandem.resolver.codec.JsonValues;
import io.tandem.resolver.vector.Regions;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A write made in this region, as the trigger sees it: the columns it sets (for an update, the changed
 * ones are enough) and the deltas it adds to counter columns, or a delete.
 *
 * @param region this region
 * @param hlc the write's timestamp; must be greater than every timestamp in the row's state
 * @param delete whether it deletes the row
 * @param values the columns set (ignored for a delete); for a counter column, the new absolute value
 * @param counterDeltas amounts added to counter columns (ignored for a delete)
 */
public record LocalWrite(
        String region, long hlc, boolean delete, Map<String, Object> values, Map<String, Long> counterDeltas) {

    public LocalWrite {
        Regions.require(region);
        TreeMap<String, Object> v = new TreeMap<>();
        values.forEach((k, x) -> v.put(k, JsonValues.canonical(k, x)));
        values = Collections.unmodifiableSortedMap(v);
        counterDeltas = Collections.unmodifiableSortedMap(new TreeMap<>(counterDeltas));
    }

    /** An insert or update setting {@code values}. */
    public static LocalWrite upsert(String region, long hlc, Map<String, Object> values) {
        return new LocalWrite(region, hlc, false, values, Map.of());
    }

    /** An update adding {@code delta} to a counter column. */
    public static LocalWrite increment(String region, long hlc, String column, long delta) {
        return new LocalWrite(region, hlc, false, Map.of(), Map.of(column, delta));
    }

    public static LocalWrite delete(String region, long hlc) {
        return new LocalWrite(region, hlc, true, Map.of(), Map.of());
    }
}
