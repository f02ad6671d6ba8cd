package io.tandem.resolver.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VersionVectorTest {

    private static final VersionVector A = VersionVector.of("us-east", 3, "eu-west", 1);

    @Test
    void compareCoversAllFourRelations() {
        assertEquals(Causality.EQUAL, A.compare(VersionVector.of("eu-west", 1, "us-east", 3)));
        assertEquals(Causality.BEFORE, A.compare(A.increment("ap-south")));
        assertEquals(Causality.AFTER, A.increment("us-east").compare(A));
        assertEquals(Causality.CONCURRENT, A.increment("us-east").compare(A.increment("eu-west")));
        assertEquals(Causality.BEFORE, VersionVector.empty().compare(A));
        assertEquals(Causality.EQUAL, VersionVector.empty().compare(VersionVector.of(Map.of("x", 0L))));
    }

    @Test
    void mergeIsElementWiseMaxAndGetReturnsZeroForAbsentRegions() {
        VersionVector b = VersionVector.of("us-east", 1, "ap-south", 7);
        VersionVector m = A.merge(b);
        assertEquals(VersionVector.of("us-east", 3, "eu-west", 1, "ap-south", 7), m);
        assertEquals(0, m.get("nowhere"));
        assertSame(A, A.merge(VersionVector.of("us-east", 2)));
    }

    @Test
    void randomVectorsHaveConsistentCompareAndMergeLaws() {
        long seed = Long.getLong("resolver.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++) {
            VersionVector x = random(random), y = random(random), z = random(random);
            String msg = "seed " + seed + " (re-run with -Dresolver.seed=" + seed + "): " + x + " " + y + " " + z;
            assertEquals(x.compare(y).inverse(), y.compare(x), msg);
            assertEquals(x.merge(y), y.merge(x), msg);
            assertEquals(x.merge(y).merge(z), x.merge(y.merge(z)), msg);
            assertEquals(x, x.merge(x), msg);
            assertTrue(x.merge(y).covers(x) && x.merge(y).covers(y), msg);
            assertEquals(x, VersionVector.parseJson(x.toJson()), msg);
            assertEquals(x, VersionVector.fromBytes(x.toBytes()), msg);
            assertEquals(x.toMap().equals(y.toMap()), x.compare(y) == Causality.EQUAL, msg);
        }
    }

    @Test
    void jsonIsCanonicalWithSortedKeysAndAcceptsJsonbSpacing() {
        assertEquals("{\"eu-west\":1,\"us-east\":3}", A.toJson());
        assertEquals("{}", VersionVector.empty().toJson());
        assertEquals(A, VersionVector.parseJson(" { \"us-east\": 3 , \"eu-west\" : 1 } "));
    }

    @Test
    void binaryIsCompact() {
        assertEquals(20, A.toBytes().length);
        assertArrayEquals(new byte[] {1, 0}, VersionVector.empty().toBytes());
    }

    @Test
    void malformedJsonNamesTheFragmentAndWhatWasExpected() {
        assertMalformed("{\"us-east\":3,", "more input");
        assertMalformed("{\"us-east\":-1}", "non-negative integer");
        assertMalformed("{\"us-east\":1.5}", "non-negative integer");
        assertMalformed("{\"US_EAST\":1}", "'US_EAST' is not a region id");
        assertMalformed("[1,2]", "a JSON object");
        assertMalformed("{\"a\":1,\"a\":2}", "duplicate key");
        assertMalformed("{\"a\":1} x", "end of input");
        assertMalformed("{us-east:1}", "string key");
        assertMalformed("", "a JSON value");
    }

    @Test
    void malformedBinaryNamesTheByteAndWhatWasExpected() {
        byte[] good = A.toBytes();
        assertBinaryMalformed(new byte[0], "empty");
        assertBinaryMalformed(new byte[] {2, 0}, "format version 1");
        assertBinaryMalformed(java.util.Arrays.copyOf(good, good.length - 1), "truncated");
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertBinaryMalformed(trailing, "trailing");
        byte[] unsorted = VersionVectorBinary.encode(A);
        // swap order: hand-build us-east before eu-west
        byte[] handBuilt = {1, 2, 7, 'u', 's', '-', 'e', 'a', 's', 't', 3, 7, 'e', 'u', '-', 'w', 'e', 's', 't', 1};
        assertEquals(unsorted.length, handBuilt.length);
        assertBinaryMalformed(handBuilt, "ascending order");
        byte[] zero = {1, 1, 1, 'a', 0};
        assertBinaryMalformed(zero, "positive counter");
        byte[] badRegion = {1, 1, 1, 'A', 1};
        assertBinaryMalformed(badRegion, "region id");
    }

    @Test
    void invalidRegionsAreRejectedWithTheRule() {
        for (String bad : new String[] {"", "-x", "_x", ".x", "Us", "uS", "a b", "a/b", "é", "x".repeat(64)}) {
            InvalidRegionException e = assertThrows(
                    InvalidRegionException.class, () -> VersionVector.empty().increment(bad));
            assertTrue(e.getMessage().contains("[a-z0-9-_.]"), e.getMessage());
        }
        assertEquals(1, VersionVector.empty().increment("x".repeat(63)).size());
        for (String good : new String[] {"a", "0", "us-east-1", "eu_west.2", "9-._"}) {
            assertTrue(Regions.isValid(good), good);
        }
        assertThrows(IllegalArgumentException.class, () -> VersionVector.of("a", -1));
    }

    private static void assertMalformed(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionVector.parseJson(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("version vector"), e.getMessage());
    }

    private static void assertBinaryMalformed(byte[] bytes, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionVector.fromBytes(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    static VersionVector random(SplittableRandom random) {
        String[] regions = {"ap-south", "eu-west", "us-east", "us-west", "sa.east_1"};
        VersionVector v = VersionVector.empty();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            v = v.increment(regions[random.nextInt(regions.length)]);
        }
        return random.nextInt(10) == 0
                ? VersionVector.of("us-east", random.nextLong(1, Long.MAX_VALUE))
                        .merge(v)
                : v;
    }
}
