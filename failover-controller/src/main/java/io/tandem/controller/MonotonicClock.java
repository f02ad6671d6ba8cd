package io.tandem.controller;

/**
 * Monotonic time for leases, timeouts, absence and hold-down windows. Never use it for
 * timestamps a human reads; wall time comes from a {@link java.time.Clock} passed separately.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanos();

    static MonotonicClock system() {
        return System::nanoTime;
    }
}
