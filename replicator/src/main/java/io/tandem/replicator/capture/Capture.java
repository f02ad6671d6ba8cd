package io.tandem.replicator.capture;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.tandem.replicator.metrics.ReplicationMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures one region's local row changes with the Debezium embedded engine (PostgreSQL connector,
 * pgoutput) and hands them, in whole source transactions, to a {@link ChangeSink}. The engine's
 * position is committed (in {@code tandem.capture_offsets} and the slot) only after the sink
 * returned.
 *
 * <p>Lifecycle: {@code NEW → RUNNING → STOPPED}, or {@code RUNNING → FAILED} when the engine stops on
 * an error (e.g. the sink failed: restart capture to re-send). Transitions are compare-and-set;
 * {@link #start()} twice throws. {@link #close()} is idempotent and may be called in any state.
 */
public final class Capture implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Capture.class);

    /** The states of a capture. */
    public enum State {
        NEW,
        RUNNING,
        FAILED,
        STOPPED;

        /** Whether the engine may still be running and needs closing. */
        boolean engineMayRun() {
            return this == RUNNING || this == FAILED;
        }
    }

    private final CaptureSettings settings;
    private final ChangeSink sink;
    private final ReplicationMetrics metrics;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch streaming = new CountDownLatch(1);
    private final CountDownLatch engineDone = new CountDownLatch(1);
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ExecutorService executor;
    private volatile boolean gap;

    public Capture(CaptureSettings settings, ChangeSink sink, ReplicationMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Starts the engine on its own thread and returns. Changes committed since the slot was created
     * (at {@code tandem init}) or since the last committed position are delivered.
     *
     * @throws IllegalStateException when not NEW
     * @throws CaptureGapException when the slot is missing (permanent; see its message)
     * @throws CaptureStartException when the database cannot be checked
     */
    public void start() {
        SlotPosition.Found position;
        try {
            position = SlotPosition.check(settings);
        } catch (java.sql.SQLException e) {
            throw new CaptureStartException(settings.names().region(), e);
        }
        gap = position.gap();
        State current = state.get();
        if (current != State.NEW || !state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException(
                    "capture for " + settings.names().region() + " can start only when NEW, but it is " + state.get());
        }
        EventConverter converter = new EventConverter(settings.names().region(), settings.tables());
        CaptureConsumer consumer = new CaptureConsumer(
                DebeziumProperties.topicPrefix(settings), converter, sink, metrics, settings.maxBatchSize());
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(DebeziumProperties.of(settings))
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        streaming.countDown();
                    }
                })
                .using((success, message, error) -> finished(success, message, error))
                .notifying(consumer)
                .build();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "tandem-capture-" + settings.names().region());
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(engine);
        log.info("capture started: {}", settings);
    }

    private void finished(boolean success, String message, Throwable error) {
        try {
            if (!success || error != null) {
                Throwable cause = error != null ? error : new IllegalStateException(message);
                if (state.get() == State.RUNNING) {
                    failure.compareAndSet(null, cause);
                }
                if (state.compareAndSet(State.RUNNING, State.FAILED)) {
                    log.error(
                            "capture for {} stopped on an error; its position was not committed past the failure,"
                                    + " restart it to resume: {}",
                            settings.names().region(),
                            message,
                            error);
                } else {
                    log.debug(
                            "capture engine for {} ended after close: {}",
                            settings.names().region(),
                            message);
                }
            }
        } finally {
            engineDone.countDown();
        }
    }

    /** Waits until the connector task is streaming; false on timeout or if capture failed first. */
    public boolean awaitStreaming(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streaming.await(20, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (state.get() == State.FAILED) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether the slot was found ahead of capture's committed position at start: changes may have
     * been skipped, and a consistency check ({@code tandem verify}) should run. Logged at ERROR.
     */
    public boolean gapDetected() {
        return gap;
    }

    public State state() {
        return state.get();
    }

    /** Why the engine stopped, if it stopped on an error. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Stops the engine, waiting for it to finish its current batch, and releases its thread.
     * Idempotent; a FAILED capture keeps its {@link #failure()} and ends STOPPED.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.STOPPED);
        if (!previous.engineMayRun()) {
            return;
        }
        try {
            if (engineDone.getCount() > 0) {
                engine.close();
            }
            if (!engineDone.await(30, TimeUnit.SECONDS)) {
                log.warn(
                        "capture engine for {} did not stop within 30 s",
                        settings.names().region());
            }
        } catch (IllegalStateException e) {
            // The engine stopped on its own (a failure) between the check and close(): nothing to stop.
            log.debug(
                    "capture engine for {} had already stopped: {}",
                    settings.names().region(),
                    e.getMessage());
        } catch (IOException e) {
            log.warn(
                    "closing the capture engine for {} failed: {}",
                    settings.names().region(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
        log.info("capture for {} stopped", settings.names().region());
    }
}
