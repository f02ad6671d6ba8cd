package io.tandem.resolver.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {

    private final AtomicLong wall = new AtomicLong(1_764_070_560_000L);
    private final HybridLogicalClock clock = new HybridLogicalClock(wall::get, Duration.ofSeconds(5));

    @Test
    void layoutIs48BitMillisAnd16BitLogical() {
        long t = Hlc.of(1_764_070_560_000L, 7);
        assertEquals(1_764_070_560_000L, Hlc.physicalMillis(t));
        assertEquals(7, Hlc.logical(t));
        assertEquals((1_764_070_560_000L << 16) + 7, t);
        assertEquals("1764070560000.7", Hlc.format(t));
    }

    @Test
    void nowFollowsTheWallClockAndCountsWithinAMillisecond() {
        long a = clock.now();
        long b = clock.now();
        assertEquals(Hlc.of(wall.get(), 0), a);
        assertEquals(a + 1, b);
        wall.addAndGet(1);
        assertEquals(Hlc.of(wall.get(), 0), clock.now());
    }

    @Test
    void staysMonotonicWhenTheWallClockGoesBack() {
        long a = clock.now();
        wall.addAndGet(-10_000);
        long b = clock.now();
        assertTrue(b > a);
        assertEquals(Hlc.physicalMillis(a), Hlc.physicalMillis(b));
    }

    @Test
    void updateIsAfterTheReceivedTimestamp() {
        long received = Hlc.of(wall.get() + 2_000, 5);
        long r = clock.update(received);
        assertTrue(r > received);
        assertTrue(clock.now() > r);
        long old = Hlc.of(wall.get() - 60_000, 0);
        assertTrue(clock.update(old) > r);
    }

    @Test
    void refusesTimestampsTooFarAhead() {
        ClockDriftException e =
                assertThrows(ClockDriftException.class, () -> clock.update(Hlc.of(wall.get() + 6_000, 0)));
        assertTrue(e.getMessage().contains("6000 ms ahead"), e.getMessage());
    }

    @Test
    void logicalOverflowCarriesIntoThePhysicalPartAndStaysMonotonic() {
        long prev = clock.now();
        for (int i = 0; i < 70_000; i++) {
            long next = clock.now();
            assertTrue(next > prev);
            prev = next;
        }
        assertEquals(wall.get() + 1, Hlc.physicalMillis(prev));
    }

    @Test
    void isStrictlyMonotonicAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    long[] out = new long[20_000];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = i % 3 == 0 ? clock.update(out[Math.max(0, i - 1)]) : clock.now();
                        if (i % 1000 == 0) {
                            wall.incrementAndGet();
                        }
                    }
                    return out;
                }));
            }
            java.util.Set<Long> all = new java.util.HashSet<>();
            for (Future<long[]> f : futures) {
                long[] values = f.get();
                for (int i = 1; i < values.length; i++) {
                    assertTrue(values[i] > values[i - 1]);
                }
                for (long v : values) {
                    assertTrue(all.add(v), "duplicate timestamp " + v);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
