package io.tandem.chaos.fault;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A child JVM under libfaketime sees its wall clock 5 s ahead, and its intervals stay true: nanoTime
 * advances and a timed wait lasts its time (it returned at once, a spin, with {@code DONT_FAKE_MONOTONIC}).
 */
class ClockSkewTest {

    /** Run in the child: prints its wall clock and checks that nanoTime advances. */
    public static final class PrintClock {
        public static void main(String[] args) throws InterruptedException {
            long n0 = System.nanoTime();
            long wall = System.currentTimeMillis();
            Object lock = new Object();
            synchronized (lock) {
                for (int i = 0; i < 20; i++) {
                    lock.wait(10);
                }
            }
            long waitedMillis = (System.nanoTime() - n0) / 1_000_000;
            System.out.println(wall + " " + waitedMillis);
        }
    }

    @Test
    void childJvmWallClockIsSkewedAndItsMonotonicClockStillRuns() throws Exception {
        ClockSkew.unavailableReason().ifPresent(reason -> {
            System.out.println("ClockSkewTest: " + reason);
            Assumptions.abort(reason);
        });
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java, "-Xmx32m", "-cp", System.getProperty("java.class.path"), PrintClock.class.getName());
        pb.environment().putAll(ClockSkew.environment(Duration.ofSeconds(5)));
        pb.redirectErrorStream(true);
        long before = System.currentTimeMillis();
        Process child = pb.start();
        try {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String[] lastLine = out.lines().reduce((a, b) -> b).orElse("").split(" ");
            long skew = Long.parseLong(lastLine[0]) - before;
            assertTrue(skew >= 4_000 && skew < 65_000, "child clock ahead by " + skew + " ms, expected ~5 s: " + out);
            long waited = Long.parseLong(lastLine[1]);
            assertTrue(waited >= 150 && waited < 30_000, "20 timed waits of 10 ms lasted " + waited + " ms: " + out);
        } finally {
            child.destroyForcibly();
        }
    }
}
