package io.tandem.resolver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void scalarsRoundTripInCanonicalForm() {
        List<Object> values = Arrays.asList(
                "a\"b\\c\n\u0001é",
                42L,
                -7L,
                Long.MIN_VALUE,
                new BigDecimal("1.50"),
                new BigDecimal("1E-10"),
                new BigDecimal("123456789012345678901234567890"),
                true,
                false,
                null);
        for (Object v : values) {
            assertEquals(v, JsonParser.parse("test", JsonWriter.write(v)), String.valueOf(v));
        }
        assertEquals(3L, JsonValues.canonical("c", 3));
        assertEquals(new BigDecimal("2.5"), JsonValues.canonical("c", 2.5d));
        assertEquals(1000L, JsonValues.canonical("c", new BigDecimal("1E+3")));
        Object d = JsonValues.canonical("c", 3.0d);
        assertEquals(d, JsonParser.parse("t", JsonWriter.write(d)));
    }

    @Test
    void objectsAreWrittenWithSortedKeys() {
        Map<String, Object> m = new TreeMap<>();
        m.put("b", 1L);
        m.put("a", List.of("x", 2L));
        assertEquals("{\"a\":[\"x\",2],\"b\":1}", JsonWriter.write(m));
        assertEquals(m, JsonParser.parse("t", "{ \"b\" : 1 , \"a\" : [ \"x\" , 2 ] }"));
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        String deep = "[".repeat(JsonParser.MAX_DEPTH) + "]".repeat(JsonParser.MAX_DEPTH);
        assertEquals(deep, JsonWriter.write(JsonParser.parse("t", deep)));
        String mixed = "{\"a\":[[],[[]],{\"b\":[]}]}";
        assertEquals(mixed, JsonWriter.write(JsonParser.parse("t", mixed)));
    }

    @Test
    void nonScalarsAndNonFiniteNumbersAreRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JsonValues.canonical("price", Double.NaN));
        assertTrue(e.getMessage().contains("price"));
        e = assertThrows(IllegalArgumentException.class, () -> JsonValues.canonical("at", new Object()));
        assertTrue(e.getMessage().contains("expected String, Long"), e.getMessage());
    }

    @Test
    void malformedTextIsReportedWithPositionAndExpectation() {
        String[][] cases = {
            {"01", "leading zeros"}, {"\"abc", "truncated"}, {"[1 2]", "',' or ']'"}, {"tru", "'true'"},
            {"\"\\x\"", "valid escape"}, {"{\"a\" 1}", "':'"}, {"1.", "a digit"}, {"nul", "'null'"},
            {"[".repeat(100_000), "at most 32 nested"},
        };
        for (String[] c : cases) {
            MalformedEncodingException e =
                    assertThrows(MalformedEncodingException.class, () -> JsonParser.parse("thing", c[0]));
            assertTrue(
                    e.getMessage().contains(c[1]) && e.getMessage().startsWith("thing"),
                    c[0] + " -> " + e.getMessage());
        }
    }
}
