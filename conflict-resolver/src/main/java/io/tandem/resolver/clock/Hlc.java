package io.tandem.resolver.clock;

/**
 * The layout of a hybrid-logical-clock timestamp in one signed 64-bit long: the high 48 bits are
 * physical milliseconds since the Unix epoch, the low 16 bits a logical counter. Plain {@code long}
 * comparison orders timestamps, and PostgreSQL can compute the next one as
 * {@code greatest((extract(epoch from clock_timestamp()) * 1000)::bigint << 16, prev + 1)}.
 *
 * <p>48 bits of milliseconds last until the year 10889. When more than 65,535 events share one
 * millisecond the logical part carries into the physical part: the timestamp runs ahead of the wall
 * clock by a millisecond, which keeps it strictly monotonic and never breaks causality; the clock
 * catches up as soon as the wall clock passes it.
 */
public final class Hlc {

    public static final int LOGICAL_BITS = 16;
    public static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;
    public static final long MAX_PHYSICAL_MILLIS = (1L << (63 - LOGICAL_BITS)) - 1;

    private Hlc() {}

    /** The timestamp for a physical time and logical counter. */
    public static long of(long physicalMillis, int logical) {
        if (physicalMillis < 0 || physicalMillis > MAX_PHYSICAL_MILLIS) {
            throw new IllegalArgumentException("physical time " + physicalMillis + " ms is outside 0.."
                    + MAX_PHYSICAL_MILLIS + " (47 usable bits); check the wall clock");
        }
        if (logical < 0 || logical > LOGICAL_MASK) {
            throw new IllegalArgumentException("logical counter " + logical + " is outside 0..65535");
        }
        return (physicalMillis << LOGICAL_BITS) | logical;
    }

    public static long physicalMillis(long hlc) {
        return hlc >>> LOGICAL_BITS;
    }

    public static int logical(long hlc) {
        return (int) (hlc & LOGICAL_MASK);
    }

    /** Human-readable form {@code millis.logical}, e.g. {@code 1764070560000.3}. */
    public static String format(long hlc) {
        return physicalMillis(hlc) + "." + logical(hlc);
    }
}
