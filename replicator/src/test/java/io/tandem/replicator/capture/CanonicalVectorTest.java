package io.tandem.replicator.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link EventConverter#canonicalVector}: PostgreSQL's jsonb text as compact JSON with keys sorted. */
class CanonicalVectorTest {
    @Test
    void compactsAndSortsJsonbText() {
        assertEquals(
                "{\"eu-west\":2,\"us-east\":5}", EventConverter.canonicalVector("{\"eu-west\": 2, \"us-east\": 5}"));
        assertEquals("{\"a\":1}", EventConverter.canonicalVector("{\"a\": 1}"));
        assertEquals("{}", EventConverter.canonicalVector("{}"));
        assertEquals("{\"a\":0}", EventConverter.canonicalVector("{\"a\":0}"));
        // jsonb orders shorter keys first, not alphabetically
        assertEquals(
                "{\"eu-west\":2,\"us-east\":5}", EventConverter.canonicalVector("{\"us-east\": 5, \"eu-west\": 2}"));
        assertEquals("{\"aa\":2,\"b\":1}", EventConverter.canonicalVector("{\"b\": 1, \"aa\": 2}"));
    }
}
