package io.tandem.replicator.apply;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.metrics.ApplyMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies one source region's changes to this region's database: a thread that seeks the source to
 * the position stored in the target database, polls, groups records into whole source transactions
 * and applies them batch by batch with a {@link BatchApplier}.
 *
 * <p>Lifecycle (compare-and-set, see {@link ApplierState}): {@link #start()} once from LATENT;
 * {@link #close()} from any state, idempotent, stops the loop promptly (it wakes a blocked poll and
 * interrupts a retry wait) and waits for the thread to finish its current batch. A batch that keeps
 * failing with retriable errors is retried a bounded number of times on a fresh connection; then the
 * applier moves to FAILED with the error in {@link #failure()} and applies nothing further, so no
 * change is ever skipped.
 */
public final class SourceApplier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SourceApplier.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ApplierSettings settings;
    private final DataSource target;
    private final Supplier<RecordSource> sources;
    private final BatchApplier applier;
    private final ApplyMetrics metrics;
    private final TransactionAssembler assembler;
    private final AtomicReference<ApplierState> state = new AtomicReference<>(ApplierState.LATENT);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<ApplyPosition> position = new AtomicReference<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Thread thread;
    private volatile RecordSource source;
    /** The loop thread's database connection; replaced after a failure. */
    private Connection connection;

    /**
     * @param settings this source's settings
     * @param target this region's database
     * @param sources opens the source's topic (e.g. {@code () -> new KafkaRecordSource(...)})
     * @param resolver the conflict resolver
     * @param registry where the {@code tandem.apply.*} meters go
     * @param clock wall clock for lag
     */
    public SourceApplier(
            ApplierSettings settings,
            DataSource target,
            Supplier<RecordSource> sources,
            RowResolver resolver,
            MeterRegistry registry,
            Clock clock) {
        this.settings = settings;
        this.target = target;
        this.sources = sources;
        this.metrics = new ApplyMetrics(registry, settings.sourceRegion(), clock);
        this.applier = new BatchApplier(
                settings.sourceRegion(), settings.tables(), resolver, metrics, settings.driftRecheck());
        this.assembler = new TransactionAssembler(new ChangeEventCodec(), settings.sourceRegion());
        this.thread = new Thread(this::run, "tandem-apply-" + settings.sourceRegion());
        this.thread.setDaemon(true);
    }

    /** Starts the apply thread. @throws IllegalStateException unless the applier is LATENT */
    public void start() {
        transition(ApplierState.LATENT, ApplierState.RUNNING);
        log.info("source {}: applier starting", settings.sourceRegion());
        thread.start();
    }

    public ApplierState state() {
        return state.get();
    }

    /** Why the applier failed, when it is FAILED. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The position after the last committed batch, or empty before the first. */
    public Optional<ApplyPosition> position() {
        return Optional.ofNullable(position.get());
    }

    /** Tables whose apply is paused by schema drift. */
    public java.util.Set<String> pausedTables() {
        return applier.pausedTables();
    }

    /**
     * Stops the applier and waits up to 30 s for its thread. Idempotent: later calls (and a call on a
     * FAILED applier) only wait for the thread. A batch in flight either commits whole or not at all.
     */
    @Override
    public void close() {
        ApplierState previous = state.getAndUpdate(s -> s.terminal() ? s : ApplierState.CLOSED);
        if (!previous.terminal()) {
            log.info("source {}: applier closing", settings.sourceRegion());
        }
        stopSignal.countDown();
        RecordSource current = source;
        if (current != null) {
            current.wakeup();
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void transition(ApplierState from, ApplierState to) {
        if (!state.compareAndSet(from, to)) {
            throw new IllegalStateException(
                    "applier for " + settings.sourceRegion() + ": expected state " + from + " but was " + state.get());
        }
    }

    private boolean running() {
        return state.get() == ApplierState.RUNNING;
    }

    private void run() {
        MDC.put("component", "apply");
        MDC.put("source_region", settings.sourceRegion());
        try (RecordSource opened = sources.get()) {
            source = opened;
            if (!running()) {
                return;
            }
            ApplyPosition start = withRetries("read the stored position", c -> {
                TandemSchemaCheck.verify(c);
                ApplyPosition stored = ApplyPositions.read(c, settings.sourceRegion());
                c.commit();
                return stored;
            });
            position.set(start);
            opened.seek(start.nextOffset());
            log.info(
                    "source {}: resuming at offset {} of {}",
                    settings.sourceRegion(),
                    start.nextOffset(),
                    Topics.changes(settings.sourceRegion()));
            while (running()) {
                List<PolledRecord> records = opened.poll(settings.pollTimeout());
                opened.lag().ifPresent(metrics::lagEvents);
                List<SourceTransaction> transactions = assembler.add(records);
                if (transactions.isEmpty() && applier.pausedTables().isEmpty()) {
                    continue;
                }
                String range = transactions.isEmpty()
                        ? "parked changes"
                        : "offsets " + transactions.get(0).firstOffset() + ".."
                                + transactions.get(transactions.size() - 1).lastOffset();
                BatchResult result = withRetries("apply " + range, c -> applier.apply(c, transactions));
                position.set(result.position());
            }
        } catch (ApplyFailedException | SourceGapException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (running()) {
                fail(new ApplyFailedException("applier thread for " + settings.sourceRegion() + " was interrupted", e));
            }
        } catch (RuntimeException e) {
            fail(new ApplyFailedException(
                    "applier for " + settings.sourceRegion() + " stopped: " + FailureKind.describe(e)
                            + "; fix the cause and start it again (it resumes at the stored position)",
                    e));
        } finally {
            closeQuietly(connection);
            connection = null;
            source = null;
            log.info("source {}: applier stopped in state {}", settings.sourceRegion(), state.get());
            MDC.clear();
        }
    }

    /** A database step of the loop, retried on a fresh connection. */
    @FunctionalInterface
    private interface Step<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs a step, retrying retriable failures up to {@code maxAttempts} times with doubling backoff on
     * a fresh connection; then, or at once on a permanent failure, fails the applier. Nothing is skipped: a batch that
     * did not commit leaves the stored position where it was.
     */
    private <T> T withRetries(String what, Step<T> step) throws InterruptedException {
        Duration backoff = settings.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = target.getConnection();
                    connection.setAutoCommit(false);
                }
                return step.run(connection);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                if (FailureKind.of(e) == FailureKind.PERMANENT) {
                    throw new ApplyFailedException(
                            "source " + settings.sourceRegion() + ": cannot " + what + ": " + FailureKind.describe(e)
                                    + ". Retrying cannot help; nothing was skipped: fix the cause and start the"
                                    + " applier again",
                            e);
                }
                if (attempt >= settings.maxAttempts() || !running()) {
                    throw new ApplyFailedException(
                            "source " + settings.sourceRegion() + ": giving up after " + attempt + " attempt(s) to "
                                    + what + ": " + FailureKind.describe(e) + ". Nothing was skipped: the stored"
                                    + " position is unchanged; fix the cause and start the applier again",
                            e);
                }
                log.warn(
                        "source {}: attempt {} of {} to {} failed ({}); retrying in {} ms",
                        settings.sourceRegion(),
                        attempt,
                        settings.maxAttempts(),
                        what,
                        FailureKind.describe(e),
                        backoff.toMillis());
                closeQuietly(connection);
                connection = null;
                if (stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new ApplyFailedException(
                            "source " + settings.sourceRegion() + ": closed while retrying to " + what, e);
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void fail(Throwable error) {
        if (state.compareAndSet(ApplierState.RUNNING, ApplierState.FAILED)) {
            failure.set(error);
            log.error("source {}: applier FAILED: {}", settings.sourceRegion(), error.getMessage(), error);
        } else {
            log.info("source {}: applier stopped while closing: {}", settings.sourceRegion(), error.getMessage());
        }
    }

    private static void rollbackQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            log.debug("rollback after a failed batch also failed (the connection is replaced): {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing a database connection failed: {}", e.getMessage());
        }
    }
}
