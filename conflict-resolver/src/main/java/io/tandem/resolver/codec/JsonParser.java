package io.tandem.resolver.codec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict JSON (RFC 8259) parser for Tandem's own encodings. Objects become sorted maps (duplicate
 * keys are rejected), arrays lists, numbers {@link Long} or {@link BigDecimal}. Whitespace and any key
 * order are accepted, because PostgreSQL's {@code jsonb} re-orders keys and adds spaces on output.
 */
public final class JsonParser {

    /** Tandem's encodings nest at most 5 deep; the limit stops a hostile payload overflowing the stack. */
    static final int MAX_DEPTH = 32;

    private final String what;
    private final String input;
    private int pos;
    private int depth;

    private JsonParser(String what, String input) {
        this.what = what;
        this.input = input;
    }

    /**
     * Parses one JSON value that must span the whole input.
     *
     * @param what names the value in error messages, e.g. "version vector"
     * @throws MalformedEncodingException naming the fragment and what was expected
     */
    public static Object parse(String what, String input) {
        if (input == null) {
            throw new MalformedEncodingException(what + ": input is null; expected a JSON text");
        }
        JsonParser p = new JsonParser(what, input);
        p.skipWs();
        Object value = p.value();
        p.skipWs();
        if (p.pos != input.length()) {
            throw p.error("end of input after the JSON value");
        }
        return value;
    }

    /** Parses an input that must be a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String what, String input) {
        Object value = parse(what, input);
        if (!(value instanceof Map)) {
            throw new MalformedEncodingException(what, input, 0, "a JSON object '{...}'");
        }
        return (Map<String, Object>) value;
    }

    private MalformedEncodingException error(String expected) {
        return new MalformedEncodingException(what, input, pos, expected);
    }

    private void skipWs() {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private Object value() {
        if (pos >= input.length()) {
            throw error("a JSON value");
        }
        char c = input.charAt(pos);
        if ((c == '{' || c == '[') && ++depth > MAX_DEPTH) {
            throw error("at most " + MAX_DEPTH + " nested objects or arrays");
        }
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("a JSON value (object, array, string, number, true, false or null)");
            }
        };
    }

    private Object literal(String word, Object result) {
        if (!input.startsWith(word, pos)) {
            throw error("'" + word + "'");
        }
        pos += word.length();
        return result;
    }

    private Map<String, Object> object() {
        pos++; // '{'
        Map<String, Object> map = new TreeMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            depth--;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw error("a string key in double quotes");
            }
            int keyPos = pos;
            String key = string();
            skipWs();
            expect(':');
            skipWs();
            Object value = value();
            if (map.containsKey(key)) {
                pos = keyPos;
                throw error("no duplicate key (\"" + key + "\" appears twice)");
            }
            map.put(key, value);
            skipWs();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                pos--;
                throw error("',' or '}' in an object");
            }
        }
    }

    private List<Object> array() {
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            pos++;
            depth--;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWs();
            list.add(value());
            skipWs();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw error("',' or ']' in an array");
            }
        }
    }

    private char peek() {
        if (pos >= input.length()) {
            throw error("more input (the JSON text is truncated)");
        }
        return input.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("no raw control character inside a string (escape it)");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = peek();
            pos++;
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (pos + 4 > input.length()) {
                        throw error("four hex digits after \\u");
                    }
                    try {
                        out.append((char) Integer.parseInt(input.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("four hex digits after \\u");
                    }
                    pos += 4;
                }
                default -> {
                    pos--;
                    throw error("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }
            }
        }
    }

    private Object number() {
        int start = pos;
        if (input.charAt(pos) == '-') {
            pos++;
        }
        int intStart = pos;
        digits();
        if (pos - intStart > 1 && input.charAt(intStart) == '0') {
            pos = intStart;
            throw error("a number without leading zeros");
        }
        boolean integral = true;
        if (pos < input.length() && input.charAt(pos) == '.') {
            integral = false;
            pos++;
            digits();
        }
        if (pos < input.length() && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        String text = input.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                return new BigDecimal(text);
            }
        }
        return new BigDecimal(text);
    }

    private void digits() {
        int start = pos;
        while (pos < input.length() && input.charAt(pos) >= '0' && input.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw error("a digit");
        }
    }
}
