package io.tandem.resolver.clock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al., 2014) over an injected wall clock. Timestamps use the
 * layout of {@link Hlc}. Guarantees:
 *
 * <ul>
 *   <li>strictly monotonic: every {@link #now()} and {@link #update(long)} returns a value greater
 *       than every value this clock returned before, across threads;
 *   <li>causality: {@link #update(long)} returns a value greater than the received timestamp, so a
 *       write made after receiving a version is stamped after it;
 *   <li>close to physical time: the physical part is the maximum of the wall clock and the physical
 *       part of any timestamp received, so it runs ahead only as far as the fastest clock seen.
 * </ul>
 *
 * <p>A received timestamp more than {@code maxForwardDrift} ahead of the local wall clock is refused
 * with {@link ClockDriftException} rather than dragging this clock into the future.
 *
 * <p>Thread-safe and lock-free (a compare-and-set loop on one {@link AtomicLong}).
 */
public final class HybridLogicalClock {

    private final LongSupplier wallMillis;
    private final long maxForwardDriftMillis;
    private final AtomicLong last = new AtomicLong();

    /**
     * @param wallMillis wall-clock milliseconds since the epoch, e.g. {@code System::currentTimeMillis}
     * @param maxForwardDrift how far ahead of the local wall clock a received timestamp may be
     */
    public HybridLogicalClock(LongSupplier wallMillis, Duration maxForwardDrift) {
        if (wallMillis == null || maxForwardDrift == null || maxForwardDrift.isNegative()) {
            throw new IllegalArgumentException("expected a wall clock and a non-negative maximum forward drift");
        }
        this.wallMillis = wallMillis;
        this.maxForwardDriftMillis = maxForwardDrift.toMillis();
    }

    /** A clock that accepts any received timestamp, however far ahead. */
    public HybridLogicalClock(LongSupplier wallMillis) {
        this(wallMillis, Duration.ofMillis(Hlc.MAX_PHYSICAL_MILLIS));
    }

    /** The timestamp for a local event (a local write). */
    public long now() {
        long physical = physicalNow();
        while (true) {
            long prev = last.get();
            long next = Math.max(physical, prev + 1);
            if (last.compareAndSet(prev, next)) {
                return next;
            }
        }
    }

    /** Merges a timestamp received from another region and returns the timestamp of the receipt. */
    public long update(long received) {
        long wall = wallMillis.getAsLong();
        long receivedMillis = Hlc.physicalMillis(received);
        if (receivedMillis - wall > maxForwardDriftMillis) {
            throw new ClockDriftException(received, wall, maxForwardDriftMillis);
        }
        long physical = Hlc.of(wall, 0);
        while (true) {
            long prev = last.get();
            long next = Math.max(physical, Math.max(prev, received) + 1);
            if (last.compareAndSet(prev, next)) {
                return next;
            }
        }
    }

    /** The last timestamp issued, without advancing the clock. */
    public long last() {
        return last.get();
    }

    private long physicalNow() {
        return Hlc.of(wallMillis.getAsLong(), 0);
    }
}
