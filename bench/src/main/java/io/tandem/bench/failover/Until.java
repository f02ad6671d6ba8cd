package io.tandem.bench.failover;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition every 5 ms until it holds or a deadline passes (benchmark code only). */
final class Until {

    private Until() {}

    /** @throws IllegalStateException naming {@code what} if {@code condition} does not hold within {@code timeout} */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("bench failover: " + what + " did not happen within " + timeout);
            }
            LockSupport.parkNanos(5_000_000L);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bench failover: interrupted while waiting until " + what);
            }
        }
    }
}
