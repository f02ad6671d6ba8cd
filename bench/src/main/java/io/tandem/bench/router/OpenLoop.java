package io.tandem.bench.router;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Fixed rate: starts call i at its intended time {@code start + i / rate}, whatever the server's
 * speed (open loop), and measures each call from its intended time to its completion, so a stall
 * shows up in the latency of every call it delays (no coordinated omission). Calls intended inside
 * the measured window count. The pacing runs on the client's event loop itself: a task that starts
 * every call due and schedules itself (a Netty scheduled task: the loop's own timer) for the next
 * intended time, so no pacing thread has to be woken and then wake the event loop for each call (that
 * hand-off, two thread wake-ups in series on 2 shared cores, was most of the tail: calls started late
 * by p99 1.8-2.2 ms). How late each call was started is kept ({@link Measurement#startLateness()}).
 * When more than {@code maxOutstanding} calls are outstanding it stops sending; then, or when calls
 * are still unanswered 60 s after the last was sent, the server did not keep up with the rate and the
 * measurement says so ({@link Measurement#keptUp()} false; its latencies then understate the truth).
 */
final class OpenLoop {

    /** Most calls one event-loop task starts, so a late wake-up does not start a burst in one go. */
    private static final int MAX_CALLS_PER_TASK = 256;

    private final long measureStart;
    private final Recorder latencies = new Recorder(1_000L, 60_000_000_000L, 3);
    private final Recorder startLateness = new Recorder(1_000L, 60_000_000_000L, 3);
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final CountDownLatch sent = new CountDownLatch(1);
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile boolean sending = true;
    private volatile Throwable firstError;

    private OpenLoop(long measureStart) {
        this.measureStart = measureStart;
    }

    static Measurement run(
            Caller caller,
            ScheduledExecutorService eventLoop,
            int itemsPerCall,
            double rate,
            double warmupSeconds,
            double seconds,
            int maxOutstanding)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureStart = start + (long) (warmupSeconds * 1e9);
        long end = measureStart + (long) (seconds * 1e9);
        OpenLoop loop = new OpenLoop(measureStart);
        loop.outstanding.incrementAndGet(); // the sender's own hold, released when it stops
        eventLoop.execute(loop.new Pacer(caller, eventLoop, start, end, 1e9 / rate, maxOutstanding));
        if (!loop.sent.await((long) (warmupSeconds + seconds) + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the client's event loop did not finish sending within 60 s of the phase");
        }
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
                Measurement.NO_CPU,
                loop.startLateness.getIntervalHistogram());
    }

    /** Runs on the event loop: starts the calls due, then reschedules itself for the next one. */
    private final class Pacer implements Runnable {
        private final Caller caller;
        private final ScheduledExecutorService eventLoop;
        private final long start;
        private final long end;
        private final double period;
        private final int maxOutstanding;
        private long next;

        Pacer(
                Caller caller,
                ScheduledExecutorService eventLoop,
                long start,
                long end,
                double period,
                int maxOutstanding) {
            this.caller = caller;
            this.eventLoop = eventLoop;
            this.start = start;
            this.end = end;
            this.period = period;
            this.maxOutstanding = maxOutstanding;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            if (outstanding.get() > maxOutstanding) {
                sending = false;
                stop();
                return;
            }
            for (int n = 0; n < MAX_CALLS_PER_TASK; n++) {
                long intended = start + (long) (next * period);
                if (intended >= end) {
                    stop();
                    return;
                }
                if (intended > now) {
                    break;
                }
                if (intended >= measureStart) {
                    startLateness.recordValue(Math.min(now - intended, 60_000_000_000L));
                }
                outstanding.incrementAndGet();
                caller.call(next, done(intended));
                next++;
            }
            long delay = start + (long) (next * period) - System.nanoTime();
            if (delay <= 0) {
                eventLoop.execute(this);
            } else {
                eventLoop.schedule(this, delay, TimeUnit.NANOSECONDS);
            }
        }

        private void stop() {
            release();
            sent.countDown();
        }
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
