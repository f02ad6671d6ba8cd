package io.tandem.replicator.ship;

import io.tandem.replicator.capture.Capture;
import io.tandem.replicator.capture.CaptureGapException;
import io.tandem.replicator.capture.CaptureStartException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps a region's {@link CapturePipeline} running: when it fails on a retriable error (Kafka or
 * the database unreachable) it is closed and started again after an exponential backoff, resuming
 * from the last committed position; on a permanent error (a missing slot, bad credentials, a
 * Kafka configuration problem) it gives up and says why.
 *
 * <p>Lifecycle: {@code NEW → RUNNING → STOPPED}, or {@code RUNNING → GAVE_UP}. {@link #close()}
 * is idempotent.
 */
public final class CaptureSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CaptureSupervisor.class);
    private static final long TICK_MILLIS = 50;

    /** Starts one pipeline. */
    @FunctionalInterface
    public interface Starter {
        CapturePipeline start() throws InterruptedException;
    }

    public enum State {
        NEW,
        RUNNING,
        GAVE_UP,
        STOPPED
    }

    private final String region;
    private final Starter starter;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger gaps = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private CapturePipeline current;
    private Duration backoff;
    private long nextAttemptNanos;
    private long startedNanos;

    public CaptureSupervisor(String region, Starter starter, Duration initialBackoff, Duration maxBackoff) {
        this.region = region;
        this.starter = starter;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = initialBackoff;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tandem-capture-supervisor-" + region);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the first pipeline on the supervisor's thread and returns. */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException(
                    "capture supervisor for " + region + " can start only when NEW, but it is " + state.get());
        }
        timer.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public State state() {
        return state.get();
    }

    /** How many times a failed pipeline was replaced. */
    public int restarts() {
        return restarts.get();
    }

    /**
     * How many times capture found changes missing: a pipeline that resumed from a slot ahead of its
     * committed position, or a slot that no longer exists. Each needs a consistency check.
     */
    public int gapsDetected() {
        return gaps.get();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    private synchronized void tick() {
        MDC.put("region", region);
        MDC.put("component", "capture");
        if (state.get() != State.RUNNING) {
            return;
        }
        if (current != null) {
            if (current.state() != Capture.State.FAILED) {
                if (System.nanoTime() - startedNanos > maxBackoff.toNanos()) {
                    backoff = initialBackoff; // healthy for a while: the next failure starts the backoff afresh
                }
                return;
            }
            Throwable failure = current.failure().orElse(new IllegalStateException("capture failed"));
            current.close();
            current = null;
            failed(failure);
            return;
        }
        if (System.nanoTime() < nextAttemptNanos) {
            return;
        }
        try {
            current = starter.start();
            startedNanos = System.nanoTime();
            if (current.gapDetected()) {
                gaps.incrementAndGet();
            }
            log.info("capture pipeline for {} started (restarts so far: {})", region, restarts.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(Throwable failure) {
        lastFailure.set(failure);
        if (causedBy(failure, CaptureGapException.class)) {
            gaps.incrementAndGet();
        }
        if (permanent(failure)) {
            state.compareAndSet(State.RUNNING, State.GAVE_UP);
            log.error(
                    "capture for {} gave up on a permanent error; fix it and restart: {}", region, failure.toString());
            return;
        }
        restarts.incrementAndGet();
        nextAttemptNanos = System.nanoTime() + backoff.toNanos();
        log.warn("capture for {} failed, restarting in {} ms: {}", region, backoff.toMillis(), failure.toString());
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }

    /** Whether a restart cannot help: found anywhere in the cause chain. */
    static boolean permanent(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof CaptureGapException) {
                return true;
            }
            if (t instanceof CaptureStartException start && !start.retriable()) {
                return true;
            }
            if (t instanceof ShipException ship && !ship.retriable()) {
                return true;
            }
        }
        return false;
    }

    /** Stops supervising and closes the current pipeline. Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.STOPPED);
        if (previous == State.STOPPED) {
            return;
        }
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("capture supervisor for {} did not stop its thread within 30 s", region);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
