package io.tandem.resolver.row;

import io.tandem.resolver.codec.JsonParser;
import io.tandem.resolver.codec.JsonWriter;
import io.tandem.resolver.codec.MalformedEncodingException;
import io.tandem.resolver.vector.Regions;
import io.tandem.resolver.vector.VersionVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON text of {@link RowMeta}, stored in one {@code jsonb} column. Canonical (keys sorted, no
 * whitespace) on output; any key order and whitespace accepted on input. Example:
 *
 * <pre>{@code
 * {"cells":{"name":{"hlc":115628827164672001,"origin":"us-east","value":"Ada"}},
 *  "counters":{"stock":{"eu-west":{"dec":3,"inc":0},"us-east":{"dec":3,"inc":10}}},
 *  "siblings":[{"deleted":false,"hlc":115628827164672001,"origin":"us-east",
 *               "values":{"status":"open"},"vv":{"eu-west":1,"us-east":2}}],
 *  "vv":{"eu-west":1,"us-east":2}}
 * }</pre>
 */
public final class RowMetaJson {

    private static final String WHAT = "row metadata";

    private RowMetaJson() {}

    public static String write(RowMeta meta) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"cells\":{");
        boolean first = true;
        for (Map.Entry<String, Cell> e : meta.cells().entrySet()) {
            first = comma(out, first);
            JsonWriter.appendString(out, e.getKey());
            Cell c = e.getValue();
            out.append(":{\"hlc\":").append(c.stamp().hlc()).append(",\"origin\":");
            JsonWriter.appendString(out, c.stamp().origin());
            out.append(",\"value\":");
            JsonWriter.append(out, c.value());
            out.append('}');
        }
        out.append("},\"counters\":{");
        first = true;
        for (Map.Entry<String, PnCounter> e : meta.counters().entrySet()) {
            first = comma(out, first);
            JsonWriter.appendString(out, e.getKey());
            out.append(":{");
            boolean firstRegion = true;
            for (Map.Entry<String, Contribution> r : e.getValue().byRegion().entrySet()) {
                firstRegion = comma(out, firstRegion);
                JsonWriter.appendString(out, r.getKey());
                out.append(":{\"dec\":").append(r.getValue().decrements());
                out.append(",\"inc\":").append(r.getValue().increments()).append('}');
            }
            out.append('}');
        }
        out.append("},\"siblings\":[");
        first = true;
        for (Sibling s : meta.siblings()) {
            first = comma(out, first);
            out.append("{\"deleted\":").append(s.deleted());
            out.append(",\"hlc\":").append(s.stamp().hlc()).append(",\"origin\":");
            JsonWriter.appendString(out, s.origin());
            out.append(",\"values\":");
            JsonWriter.append(out, s.values());
            out.append(",\"vv\":");
            s.vv().appendJson(out);
            out.append('}');
        }
        out.append("],\"vv\":");
        meta.vv().appendJson(out);
        out.append('}');
        return out.toString();
    }

    private static boolean comma(StringBuilder out, boolean first) {
        if (!first) {
            out.append(',');
        }
        return false;
    }

    /**
     * Parses the JSON text of row metadata.
     *
     * @throws MalformedEncodingException naming the fragment or field and what was expected
     */
    public static RowMeta parse(String text) {
        Map<String, Object> root = JsonParser.parseObject(WHAT, text);
        keys(text, "the top level", root, Set.of("cells", "counters", "siblings", "vv"));
        TreeMap<String, Cell> cells = new TreeMap<>();
        for (Map.Entry<String, Object> e :
                object(text, "cells", root.get("cells")).entrySet()) {
            Map<String, Object> c = object(text, "cells." + e.getKey(), e.getValue());
            keys(text, "cells." + e.getKey(), c, Set.of("hlc", "origin", "value"));
            if (c.get("value") instanceof Map || c.get("value") instanceof List) {
                throw field(text, "cells." + e.getKey() + ".value", "a scalar (string, number, boolean, null)");
            }
            cells.put(e.getKey(), new Cell(c.get("value"), stamp(text, "cells." + e.getKey(), c)));
        }
        TreeMap<String, PnCounter> counters = new TreeMap<>();
        for (Map.Entry<String, Object> e :
                object(text, "counters", root.get("counters")).entrySet()) {
            TreeMap<String, Contribution> byRegion = new TreeMap<>();
            String path = "counters." + e.getKey();
            for (Map.Entry<String, Object> r : object(text, path, e.getValue()).entrySet()) {
                String rp = path + "." + r.getKey();
                region(text, rp, r.getKey());
                Map<String, Object> c = object(text, rp, r.getValue());
                keys(text, rp, c, Set.of("dec", "inc"));
                byRegion.put(
                        r.getKey(),
                        new Contribution(
                                count(text, rp + ".inc", c.get("inc")), count(text, rp + ".dec", c.get("dec"))));
            }
            counters.put(e.getKey(), new PnCounter(byRegion));
        }
        if (!(root.get("siblings") instanceof List<?> list)) {
            throw field(text, "siblings", "an array of sibling objects");
        }
        List<Sibling> siblings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "siblings[" + i + "]";
            Map<String, Object> s = object(text, path, list.get(i));
            keys(text, path, s, Set.of("deleted", "hlc", "origin", "values", "vv"));
            if (!(s.get("deleted") instanceof Boolean deleted)) {
                throw field(text, path + ".deleted", "true or false");
            }
            Map<String, Object> values = object(text, path + ".values", s.get("values"));
            for (Object v : values.values()) {
                if (v instanceof Map || v instanceof List) {
                    throw field(text, path + ".values", "scalar column values (string, number, boolean, null)");
                }
            }
            VersionVector vv = VersionVector.fromJsonValue(text, s.get("vv"));
            try {
                siblings.add(new Sibling(vv, stamp(text, path, s), deleted, values));
            } catch (IllegalArgumentException invalid) {
                throw new MalformedEncodingException(
                        WHAT + " " + text + ": " + path + " is invalid: " + invalid.getMessage());
            }
        }
        VersionVector vv = VersionVector.fromJsonValue(text, root.get("vv"));
        try {
            return new RowMeta(vv, siblings, cells, counters);
        } catch (IllegalArgumentException invalid) {
            throw new MalformedEncodingException(WHAT + " " + text + ": " + invalid.getMessage());
        }
    }

    private static Stamp stamp(String text, String path, Map<String, Object> obj) {
        if (!(obj.get("hlc") instanceof Long hlc) || hlc < 0) {
            throw field(text, path + ".hlc", "a non-negative integer HLC timestamp");
        }
        if (!(obj.get("origin") instanceof String origin)) {
            throw field(text, path + ".origin", "a region id string");
        }
        region(text, path + ".origin", origin);
        return new Stamp(hlc, origin);
    }

    private static void region(String text, String path, String region) {
        if (!Regions.isValid(region)) {
            throw field(text, path, "a region id [a-z0-9][a-z0-9-_.]{0,62}, got '" + region + "'");
        }
    }

    private static long count(String text, String path, Object value) {
        if (!(value instanceof Long l) || l < 0) {
            throw field(text, path, "a non-negative integer");
        }
        return l;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String text, String path, Object value) {
        if (!(value instanceof Map)) {
            throw field(text, path, "a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static void keys(String text, String path, Map<String, Object> obj, Set<String> expected) {
        if (!obj.keySet().equals(expected)) {
            throw field(text, path, "exactly the keys " + new TreeSet<>(expected) + ", got " + obj.keySet());
        }
    }

    private static MalformedEncodingException field(String text, String path, String expected) {
        return new MalformedEncodingException(WHAT + " " + abbreviate(text) + ": field '" + path + "': expected "
                + expected + ". The column must be written by Tandem's trigger or RowMeta.toJson().");
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
