package io.tandem.resolver.codec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes canonical JSON: object keys sorted by {@link String#compareTo}, no insignificant whitespace,
 * numbers as {@link Long} or {@link BigDecimal} text. Two equal values always give the same text.
 */
public final class JsonWriter {

    private JsonWriter() {}

    /** Canonical JSON text of a value built from maps, lists, strings, numbers, booleans and null. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        append(out, value);
        return out.toString();
    }

    public static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Long l) {
            out.append(l.longValue());
        } else if (value instanceof BigDecimal d) {
            out.append(d.toString());
        } else if (value instanceof Map<?, ?> map) {
            appendObject(out, map);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else {
            append(out, JsonValues.canonical("value", value));
        }
    }

    private static void appendObject(StringBuilder out, Map<?, ?> map) {
        Map<?, ?> sorted = map instanceof java.util.SortedMap<?, ?> ? map : new TreeMap<>(map);
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, (String) e.getKey());
            out.append(':');
            append(out, e.getValue());
        }
        out.append('}');
    }

    public static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
