package io.tandem.chaos.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Clock skew for a child process through Debian's libfaketime ({@code apt-get install faketime}):
 * the environment that makes a child JVM's clocks run {@code offset} ahead (or behind). The offset
 * applies to the monotonic clock too, which leaves every interval ({@code System.nanoTime}
 * differences, timed waits) true while {@code System.currentTimeMillis} is off. Leaving the monotonic
 * clock alone ({@code DONT_FAKE_MONOTONIC=1}) is worse with libfaketime 0.9.10: its wrapper of
 * {@code pthread_cond_timedwait} then returns at once, so every timed wait of the JVM spins and a
 * daemon took ~30 s instead of ~3 s to become healthy. Where the library is missing,
 * {@link #unavailableReason()} says so and the fault is skipped.
 */
public final class ClockSkew {
    public static final Path LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

    private ClockSkew() {}

    /** Empty if libfaketime is installed, else why clock skew cannot be injected here. */
    public static Optional<String> unavailableReason() {
        if (Files.isReadable(LIBRARY)) {
            return Optional.empty();
        }
        return Optional.of("clock skew skipped: " + LIBRARY + " is missing (apt-get install faketime)");
    }

    /** Environment variables for a child process whose wall clock is off by {@code offset}. */
    public static Map<String, String> environment(Duration offset) {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        long seconds = offset.toSeconds();
        if (offset.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("clock skew must be whole seconds for libfaketime, got " + offset);
        }
        return Map.of("LD_PRELOAD", LIBRARY.toString(), "FAKETIME", (seconds >= 0 ? "+" : "") + seconds + "s");
    }
}
