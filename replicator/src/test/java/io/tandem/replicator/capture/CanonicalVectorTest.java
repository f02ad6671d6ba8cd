package io.tandem.replicator.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The Jackson-free fast path of {@link EventConverter#canonicalVector} agrees with the general one. */
class CanonicalVectorTest {
    @Test
    void fastPathCompactsSortedJsonbText() {
        assertEquals(
                "{\"eu-west\":2,\"us-east\":5}",
                EventConverter.compactSortedVector("{\"eu-west\": 2, \"us-east\": 5}"));
        assertEquals("{\"a\":1}", EventConverter.compactSortedVector("{\"a\": 1}"));
        assertEquals("{}", EventConverter.compactSortedVector("{}"));
        assertEquals("{\"a\":0}", EventConverter.compactSortedVector("{\"a\":0}"));
    }

    @Test
    void anythingUnusualFallsBackToTheGeneralPath() {
        for (String odd : new String[] {
            "{\"us-east\": 5, \"eu-west\": 2}", // jsonb orders shorter keys first, not alphabetically
            "{\"b\": 1, \"aa\": 2}",
            "{\"a\": 1.5}",
            "{\"a\": -1}",
            "{\"a\": 01}",
            "{\"a\\\"b\": 1}",
            "{\"a\": 1,}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": 12345678901234567890}",
            "{\"a\" 1}",
            "{\"a\": }",
            "[1]",
            "{",
            "",
        }) {
            assertNull(EventConverter.compactSortedVector(odd), odd);
        }
        assertEquals(
                "{\"eu-west\":2,\"us-east\":5}", EventConverter.canonicalVector("{\"us-east\": 5, \"eu-west\": 2}"));
        assertEquals("{\"aa\":2,\"b\":1}", EventConverter.canonicalVector("{\"b\": 1, \"aa\": 2}"));
    }
}
