package io.tandem.bench.router;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Saturation: keeps exactly {@code inflight} calls outstanding, starting the next call from the
 * completion of the previous one (on the client's event loop), for a warm-up then a measured window.
 * Calls that complete inside the window count; their latency is completion minus start.
 */
final class ClosedLoop {

    /** A phase gives up after this many failed calls: the numbers would mean nothing. */
    private static final long MAX_ERRORS = 100;

    private final Caller caller;
    private final long measureStart;
    private final long measureEnd;
    private final Recorder latencies = new Recorder(1_000L, 60_000_000_000L, 3);
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger outstanding;
    private final CountDownLatch drained = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable firstError;

    private ClosedLoop(Caller caller, int inflight, long measureStart, long measureEnd) {
        this.caller = caller;
        this.outstanding = new AtomicInteger(inflight);
        this.measureStart = measureStart;
        this.measureEnd = measureEnd;
    }

    static Measurement run(
            Caller caller, int itemsPerCall, int inflight, double warmupSeconds, double seconds, ProcessCpu cpu)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureStart = start + (long) (warmupSeconds * 1e9);
        long measureEnd = measureStart + (long) (seconds * 1e9);
        ClosedLoop loop = new ClosedLoop(caller, inflight, measureStart, measureEnd);
        for (int i = 0; i < inflight; i++) {
            loop.next();
        }
        sleepUntil(measureStart, loop);
        ProcessCpu.Sample cpuStart = cpu.sample();
        sleepUntil(measureEnd, loop);
        ProcessCpu.Sample cpuUsed = cpu.sample().since(cpuStart);
        loop.running = false;
        if (!loop.drained.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(loop.outstanding.get() + " calls still outstanding 60 s after the phase");
        }
        if (loop.errors.sum() >= MAX_ERRORS) {
            throw new IllegalStateException("calls failed: " + loop.firstError, loop.firstError);
        }
        return new Measurement(
                loop.calls.sum(),
                itemsPerCall,
                seconds,
                loop.latencies.getIntervalHistogram(),
                loop.errors.sum(),
                true,
                cpuUsed,
                Measurement.histogram());
    }

    private static void sleepUntil(long deadline, ClosedLoop loop) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && loop.running) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
        }
    }

    private void next() {
        if (!running) {
            if (outstanding.decrementAndGet() == 0) {
                drained.countDown();
            }
            return;
        }
        long started = System.nanoTime();
        try {
            caller.call(seq.getAndIncrement(), new Caller.Done() {
                @Override
                public void ok() {
                    record(started);
                    next();
                }

                @Override
                public void failed(Throwable t) {
                    fail(t);
                    next();
                }
            });
        } catch (RuntimeException e) {
            fail(e);
            running = false;
            next();
        }
    }

    private void record(long started) {
        long now = System.nanoTime();
        if (now >= measureStart && now < measureEnd) {
            latencies.recordValue(Math.min(now - started, 60_000_000_000L));
            calls.increment();
        }
    }

    private void fail(Throwable t) {
        errors.increment();
        if (firstError == null) {
            firstError = t;
        }
        if (errors.sum() >= MAX_ERRORS) {
            running = false;
        }
    }
}
