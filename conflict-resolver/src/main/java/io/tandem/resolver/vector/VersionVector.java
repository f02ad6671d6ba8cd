package io.tandem.resolver.vector;

import io.tandem.resolver.codec.JsonParser;
import io.tandem.resolver.codec.JsonWriter;
import io.tandem.resolver.codec.MalformedEncodingException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable version vector: region id → number of writes from that region that this version has
 * seen. Regions with a zero counter are omitted, so equal vectors have equal encodings.
 *
 * <p>Entries are kept as two sorted arrays, so {@link #compare}, {@link #merge} and the encodings are
 * linear merges without allocation of intermediate maps.
 */
public final class VersionVector {

    private static final String[] NO_REGIONS = new String[0];
    private static final long[] NO_COUNTERS = new long[0];
    private static final VersionVector EMPTY = new VersionVector(NO_REGIONS, NO_COUNTERS);

    private final String[] regions;
    private final long[] counters;

    private VersionVector(String[] regions, long[] counters) {
        this.regions = regions;
        this.counters = counters;
    }

    public static VersionVector empty() {
        return EMPTY;
    }

    /**
     * A vector from a map; validates region ids and rejects negative counters, drops zero ones.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static VersionVector of(Map<String, Long> entries) {
        TreeMap<String, Long> sorted = new TreeMap<>();
        for (Map.Entry<String, Long> e : entries.entrySet()) {
            Regions.require(e.getKey());
            Long counter = e.getValue();
            if (counter == null || counter < 0) {
                throw new IllegalArgumentException("version vector entry '" + e.getKey() + "' = " + counter
                        + ": expected a counter >= 0 (the number of writes seen from that region)");
            }
            if (counter > 0) {
                sorted.put(e.getKey(), counter);
            }
        }
        String[] r = new String[sorted.size()];
        long[] c = new long[sorted.size()];
        int i = 0;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            r[i] = e.getKey();
            c[i++] = e.getValue();
        }
        return new VersionVector(r, c);
    }

    /** Convenience: {@code of("us-east", 3, "eu-west", 1)}. */
    public static VersionVector of(Object... regionCounterPairs) {
        if (regionCounterPairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected region/counter pairs, got an odd number of arguments");
        }
        TreeMap<String, Long> map = new TreeMap<>();
        for (int i = 0; i < regionCounterPairs.length; i += 2) {
            map.put((String) regionCounterPairs[i], ((Number) regionCounterPairs[i + 1]).longValue());
        }
        return of(map);
    }

    /** Entries already validated, sorted and without zeros (used by the decoders). */
    static VersionVector ofSorted(String[] regions, long[] counters) {
        return regions.length == 0 ? EMPTY : new VersionVector(regions, counters);
    }

    /** The counter for a region; 0 if the region is absent. */
    public long get(String region) {
        int i = Arrays.binarySearch(regions, region);
        return i >= 0 ? counters[i] : 0L;
    }

    public boolean isEmpty() {
        return regions.length == 0;
    }

    public int size() {
        return regions.length;
    }

    /** The region ids, sorted. */
    public String regionAt(int index) {
        return regions[index];
    }

    public long counterAt(int index) {
        return counters[index];
    }

    /** The vector with {@code region}'s counter incremented by one: the vector of a new local write. */
    public VersionVector increment(String region) {
        int i = Arrays.binarySearch(regions, region);
        if (i >= 0) {
            if (counters[i] == Long.MAX_VALUE) {
                throw new ArithmeticException("version vector counter for '" + region + "' would overflow");
            }
            long[] c = counters.clone();
            c[i]++;
            return new VersionVector(regions, c);
        }
        Regions.require(region);
        int at = -i - 1;
        String[] r = new String[regions.length + 1];
        long[] c = new long[regions.length + 1];
        System.arraycopy(regions, 0, r, 0, at);
        System.arraycopy(counters, 0, c, 0, at);
        r[at] = region;
        c[at] = 1;
        System.arraycopy(regions, at, r, at + 1, regions.length - at);
        System.arraycopy(counters, at, c, at + 1, regions.length - at);
        return new VersionVector(r, c);
    }

    /** Element-wise maximum: the least vector that has seen everything either has seen. */
    public VersionVector merge(VersionVector other) {
        if (other == this || other.regions.length == 0) {
            return this;
        }
        if (regions.length == 0) {
            return other;
        }
        String[] r = new String[regions.length + other.regions.length];
        long[] c = new long[r.length];
        int i = 0, j = 0, n = 0;
        boolean thisCovers = true, otherCovers = true;
        while (i < regions.length || j < other.regions.length) {
            int cmp = i == regions.length ? 1 : j == other.regions.length ? -1 : regions[i].compareTo(other.regions[j]);
            if (cmp < 0) {
                r[n] = regions[i];
                c[n++] = counters[i++];
                otherCovers = false;
            } else if (cmp > 0) {
                r[n] = other.regions[j];
                c[n++] = other.counters[j++];
                thisCovers = false;
            } else {
                long a = counters[i], b = other.counters[j];
                r[n] = regions[i];
                c[n++] = Math.max(a, b);
                if (a < b) {
                    thisCovers = false;
                } else if (a > b) {
                    otherCovers = false;
                }
                i++;
                j++;
            }
        }
        if (thisCovers) {
            return this;
        }
        if (otherCovers) {
            return other;
        }
        return new VersionVector(Arrays.copyOf(r, n), Arrays.copyOf(c, n));
    }

    /** How this vector relates to {@code other} ("this is BEFORE other", ...). */
    public Causality compare(VersionVector other) {
        boolean less = false, greater = false;
        int i = 0, j = 0;
        while (i < regions.length || j < other.regions.length) {
            int cmp = i == regions.length ? 1 : j == other.regions.length ? -1 : regions[i].compareTo(other.regions[j]);
            if (cmp < 0) {
                greater = true;
                i++;
            } else if (cmp > 0) {
                less = true;
                j++;
            } else {
                if (counters[i] < other.counters[j]) {
                    less = true;
                } else if (counters[i] > other.counters[j]) {
                    greater = true;
                }
                i++;
                j++;
            }
            if (less && greater) {
                return Causality.CONCURRENT;
            }
        }
        if (less) {
            return Causality.BEFORE;
        }
        return greater ? Causality.AFTER : Causality.EQUAL;
    }

    /** True if this vector has seen every write {@code other} has seen. */
    public boolean covers(VersionVector other) {
        Causality c = compare(other);
        return c == Causality.AFTER || c == Causality.EQUAL;
    }

    /** True if this vector has seen the write identified by the dot (region, counter). */
    public boolean coversDot(String region, long counter) {
        return get(region) >= counter;
    }

    /** The entries as an unmodifiable sorted map. */
    public SortedMap<String, Long> toMap() {
        TreeMap<String, Long> map = new TreeMap<>();
        for (int i = 0; i < regions.length; i++) {
            map.put(regions[i], counters[i]);
        }
        return Collections.unmodifiableSortedMap(map);
    }

    /** Canonical JSON text, keys sorted: {@code {"eu-west":1,"us-east":3}}; {@code {}} when empty. */
    public String toJson() {
        StringBuilder out = new StringBuilder(16 + regions.length * 16);
        appendJson(out);
        return out.toString();
    }

    public void appendJson(StringBuilder out) {
        out.append('{');
        for (int i = 0; i < regions.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonWriter.appendString(out, regions[i]);
            out.append(':').append(counters[i]);
        }
        out.append('}');
    }

    /**
     * Parses the JSON text of a vector. Any key order and whitespace are accepted (PostgreSQL's jsonb
     * re-orders keys); zero counters are dropped.
     *
     * @throws MalformedEncodingException naming the fragment and what was expected
     */
    public static VersionVector parseJson(String text) {
        return fromJsonValue(text, JsonParser.parse("version vector", text));
    }

    /** Converts an already parsed JSON value (a map) to a vector; {@code text} is for error messages. */
    public static VersionVector fromJsonValue(String text, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new MalformedEncodingException("version vector", text, 0, "a JSON object like {\"us-east\":3}");
        }
        TreeMap<String, Long> entries = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String region = (String) e.getKey();
            if (!Regions.isValid(region)) {
                throw new MalformedEncodingException("version vector " + text + ": key '" + region
                        + "' is not a region id; expected [a-z0-9][a-z0-9-_.]{0,62}");
            }
            if (!(e.getValue() instanceof Long counter) || counter < 0) {
                throw new MalformedEncodingException("version vector " + text + ": value of '" + region + "' is "
                        + e.getValue() + "; expected a non-negative integer counter");
            }
            entries.put(region, counter);
        }
        return of(entries);
    }

    /** Compact binary form for Kafka payloads; see {@link VersionVectorBinary}. */
    public byte[] toBytes() {
        return VersionVectorBinary.encode(this);
    }

    public static VersionVector fromBytes(byte[] bytes) {
        return VersionVectorBinary.decode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector v && Arrays.equals(regions, v.regions) && Arrays.equals(counters, v.counters);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(regions) + Arrays.hashCode(counters);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
