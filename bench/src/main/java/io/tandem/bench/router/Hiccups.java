package io.tandem.bench.router;

import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How late a thread that only sleeps 1 ms at a time wakes up (the idea of jHiccup): what the machine
 * and the JVM add to every latency whatever the code does. On a shared machine this is the floor under
 * the load generator's p99. Started and stopped around a phase.
 */
final class Hiccups implements AutoCloseable {

    private static final long TICK_NANOS = 1_000_000L;

    private final Recorder recorder = new Recorder(1_000L, 60_000_000_000L, 3);
    private final Thread thread;
    private volatile boolean running = true;

    Hiccups() {
        thread = new Thread(this::run, "hiccup-meter");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(TICK_NANOS);
            long late = System.nanoTime() - before - TICK_NANOS;
            recorder.recordValue(Math.min(Math.max(late, 0), 60_000_000_000L));
        }
    }

    /** Stops the meter and returns the lateness of each wake-up, ns. */
    Histogram stop() throws InterruptedException {
        running = false;
        thread.join(5_000);
        return recorder.getIntervalHistogram();
    }

    @Override
    public void close() {
        running = false;
    }
}
