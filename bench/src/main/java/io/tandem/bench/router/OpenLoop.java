package io.tandem.bench.router;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Fixed rate: starts call i at its intended time {@code start + i / rate}, whatever the server's
 * speed (open loop; a pacing thread hands the calls due to the client's event loop, which starts
 * them), and measures each call from its intended time to its completion, so a stall
 * shows up in the latency of every call it delays (no coordinated omission). Calls intended inside
 * the measured window count. When more than {@code maxOutstanding} calls are outstanding it stops
 * sending; then, or when calls are still unanswered 60 s after the last was sent, the server did not
 * keep up with the rate and the measurement says so ({@link Measurement#keptUp()} false; its
 * latencies then understate the truth).
 */
final class OpenLoop {

    /** Most calls one event-loop task starts, so a late wake-up does not start a burst in one go. */
    private static final int MAX_CALLS_PER_TASK = 256;

    private final long measureStart;
    private final Recorder latencies = new Recorder(1_000L, 60_000_000_000L, 3);
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile boolean sending = true;
    private volatile Throwable firstError;

    private OpenLoop(long measureStart) {
        this.measureStart = measureStart;
    }

    static Measurement run(
            Caller caller,
            Executor eventLoop,
            int itemsPerCall,
            double rate,
            double warmupSeconds,
            double seconds,
            int maxOutstanding)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureStart = start + (long) (warmupSeconds * 1e9);
        long end = measureStart + (long) (seconds * 1e9);
        double period = 1e9 / rate;
        OpenLoop loop = new OpenLoop(measureStart);
        loop.outstanding.incrementAndGet(); // the sender's own hold, released when it stops
        for (long i = 0; ; ) {
            long intended = start + (long) (i * period);
            if (intended >= end) {
                break;
            }
            long now = System.nanoTime();
            if (intended > now) {
                LockSupport.parkNanos(intended - now);
                continue;
            }
            if (loop.outstanding.get() > maxOutstanding) {
                loop.sending = false;
                break;
            }
            // Every call due by now, started in one task on the client's event loop: one thread hand-off
            // per wake-up instead of one per call (a call started off the event loop costs a wake-up of it).
            long first = i;
            while (i - first < MAX_CALLS_PER_TASK
                    && start + (long) (i * period) <= now
                    && start + (long) (i * period) < end) {
                i++;
            }
            long count = i - first;
            loop.outstanding.addAndGet((int) count);
            eventLoop.execute(() -> {
                for (long k = first; k < first + count; k++) {
                    caller.call(k, loop.done(start + (long) (k * period)));
                }
            });
        }
        loop.release();
        // A server that fell far behind may need long to answer what was sent: wait a bounded time,
        // and count a phase whose calls are not all answered by then as not kept up.
        boolean keptUp = loop.drained.await(60, TimeUnit.SECONDS) && loop.sending;
        if (loop.errors.sum() > 0) {
            throw new IllegalStateException(
                    loop.errors.sum() + " calls failed, first: " + loop.firstError, loop.firstError);
        }
        return new Measurement(
                loop.calls.sum(),
                itemsPerCall,
                seconds,
                loop.latencies.getIntervalHistogram(),
                loop.errors.sum(),
                keptUp,
                Measurement.NO_CPU);
    }

    private Caller.Done done(long intended) {
        return new Caller.Done() {
            @Override
            public void ok() {
                if (intended >= measureStart) {
                    latencies.recordValue(Math.min(System.nanoTime() - intended, 60_000_000_000L));
                    calls.increment();
                }
                release();
            }

            @Override
            public void failed(Throwable t) {
                errors.increment();
                if (firstError == null) {
                    firstError = t;
                }
                release();
            }
        };
    }

    private void release() {
        if (outstanding.decrementAndGet() == 0) {
            drained.countDown();
        }
    }
}
