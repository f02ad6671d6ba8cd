package io.tandem.replicator.region;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.replicator.apply.ApplierSettings;
import io.tandem.replicator.apply.ApplierState;
import io.tandem.replicator.apply.KafkaRecordSource;
import io.tandem.replicator.apply.LibraryResolver;
import io.tandem.replicator.apply.SourceApplier;
import io.tandem.replicator.capture.CaptureSettings;
import io.tandem.replicator.capture.Heartbeat;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.schema.BootstrapReport;
import io.tandem.replicator.schema.ReplicationNames;
import io.tandem.replicator.schema.SchemaBootstrap;
import io.tandem.replicator.ship.CapturePipeline;
import io.tandem.replicator.ship.CaptureSupervisor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One region's replication: the schema bootstrap ({@code tandem init}, idempotent), capture + ship
 * of the local region's changes to its Kafka topic, and one {@link SourceApplier} per peer region
 * applying that peer's topic to the local database.
 *
 * <p>Capture runs under a {@link CaptureSupervisor}: a pipeline that fails on a retriable error
 * (Kafka or the database unreachable) is replaced after a backoff (100 ms doubling to 30 s) and
 * resumes from its last committed position; on a permanent error it gives up ({@link #captureState()}
 * {@code GAVE_UP}). An applier that exhausts its retries ends {@code FAILED} ({@link #applierStates()}).
 *
 * <p>Lifecycle (compare-and-set): {@code NEW → STARTING → RUNNING → CLOSED}; a failed
 * {@link #start()} closes what it had started and ends {@code FAILED}. {@link #close()} is
 * idempotent and allowed in any state: it stops the appliers (a batch in flight commits whole or
 * not at all), then the heartbeat, then capture (whose last committed position is where a new
 * instance resumes). Nothing is lost by closing at any moment: the slot keeps what was not shipped
 * and {@code tandem.apply_position} says what was applied. An instance is not restartable: build a
 * new one with the same settings.
 */
public final class RegionReplication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegionReplication.class);

    /** States of a {@link RegionReplication}. */
    public enum State {
        NEW,
        STARTING,
        RUNNING,
        FAILED,
        CLOSED
    }

    static final Duration CAPTURE_INITIAL_BACKOFF = Duration.ofMillis(100);
    static final Duration CAPTURE_MAX_BACKOFF = Duration.ofSeconds(30);

    private final RegionReplicationSettings settings;
    private final Map<String, Object> kafkaClientSettings;
    private final MeterRegistry registry;
    private final Clock clock;
    private final DataSource dataSource;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final Map<String, SourceApplier> appliers = new LinkedHashMap<>();
    private volatile CaptureSupervisor capture;
    private volatile Heartbeat heartbeat;

    public RegionReplication(RegionReplicationSettings settings, MeterRegistry registry, Clock clock) {
        this(settings, Map.of(), registry, clock);
    }

    /**
     * @param kafkaClientSettings added to every Kafka producer and consumer this region creates (security
     *     protocol, SASL, truststore); secrets in it are never logged
     */
    public RegionReplication(
            RegionReplicationSettings settings,
            Map<String, Object> kafkaClientSettings,
            MeterRegistry registry,
            Clock clock) {
        this.kafkaClientSettings = Map.copyOf(Objects.requireNonNull(kafkaClientSettings, "kafkaClientSettings"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dataSource = settings.database().dataSource("tandem-apply-" + settings.region());
    }

    /**
     * Installs or checks Tandem's schema, the tables' instrumentation, the publication and the slot
     * ({@code tandem init}); a second run changes nothing. Changes made after this are kept by the
     * slot until capture ships them, even if capture has not started yet.
     */
    public static BootstrapReport bootstrap(RegionReplicationSettings settings) throws SQLException {
        DatabaseSettings db = settings.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            return new SchemaBootstrap(new ReplicationNames(settings.region()), settings.tables()).run(c);
        }
    }

    /**
     * Bootstraps the schema, then starts capture + ship, the heartbeat and one applier per peer.
     *
     * @throws IllegalStateException when not NEW
     * @throws SQLException when the bootstrap fails (nothing is left running)
     */
    public void start() throws SQLException, InterruptedException {
        if (!state.compareAndSet(State.NEW, State.STARTING)) {
            throw new IllegalStateException(
                    "region replication " + settings.region() + ": expected state NEW but was " + state.get());
        }
        boolean started = false;
        try {
            BootstrapReport report = bootstrap(settings);
            log.info("region {}: schema bootstrap {}", settings.region(), report);
            CaptureSettings captureSettings = captureSettings(settings);
            capture = new CaptureSupervisor(
                    settings.region(),
                    () -> CapturePipeline.start(
                            captureSettings,
                            settings.kafkaBootstrap(),
                            kafkaClientSettings,
                            registry,
                            settings.eventFormat()),
                    CAPTURE_INITIAL_BACKOFF,
                    CAPTURE_MAX_BACKOFF);
            capture.start();
            settings.heartbeat().ifPresent(interval -> heartbeat = Heartbeat.start(captureSettings, interval));
            Map<String, TableSpec> tables = new LinkedHashMap<>();
            settings.tables().forEach(t -> tables.put(t.name(), t));
            LibraryResolver resolver = new LibraryResolver(tables.values(), clock);
            for (Map.Entry<String, String> peer : settings.peerKafkaBootstraps().entrySet()) {
                ApplierSettings applierSettings = new ApplierSettings(
                        peer.getKey(),
                        tables,
                        settings.applyPollTimeout(),
                        settings.applyMaxBatch(),
                        6,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(5));
                SourceApplier applier = new SourceApplier(
                        applierSettings,
                        dataSource,
                        () -> new KafkaRecordSource(
                                peer.getValue(), peer.getKey(), settings.applyMaxBatch(), kafkaClientSettings),
                        resolver,
                        registry,
                        clock);
                synchronized (appliers) {
                    appliers.put(peer.getKey(), applier);
                }
                applier.start();
            }
            started = state.compareAndSet(State.STARTING, State.RUNNING);
            if (started) {
                log.info(
                        "region {}: replication running (capture → tandem.{}.changes, applying {})",
                        settings.region(),
                        settings.region(),
                        settings.peerKafkaBootstraps().keySet());
            }
        } finally {
            if (!started) {
                state.compareAndSet(State.STARTING, State.FAILED);
                stopAll();
            }
        }
    }

    public State state() {
        return state.get();
    }

    public String region() {
        return settings.region();
    }

    /**
     * The capture supervisor's state, or empty before start: {@code RUNNING} while it keeps a pipeline
     * running (restarting failed ones), {@code GAVE_UP} on a permanent error ({@link #captureFailure()}).
     */
    public Optional<CaptureSupervisor.State> captureState() {
        CaptureSupervisor current = capture;
        return current == null ? Optional.empty() : Optional.of(current.state());
    }

    /** Capture's last failure (also one it recovered from), if any. */
    public Optional<Throwable> captureFailure() {
        CaptureSupervisor current = capture;
        return current == null ? Optional.empty() : current.lastFailure();
    }

    /** How many times capture found changes missing ({@link CaptureSupervisor#gapsDetected()}). */
    public int captureGaps() {
        CaptureSupervisor current = capture;
        return current == null ? 0 : current.gapsDetected();
    }

    /** How many times a failed capture pipeline was replaced. */
    public int captureRestarts() {
        CaptureSupervisor current = capture;
        return current == null ? 0 : current.restarts();
    }

    /** Each peer's applier state. */
    public Map<String, ApplierState> applierStates() {
        Map<String, ApplierState> states = new LinkedHashMap<>();
        synchronized (appliers) {
            appliers.forEach((peer, applier) -> states.put(peer, applier.state()));
        }
        return states;
    }

    /** The applier of one peer. */
    public Optional<SourceApplier> applier(String peer) {
        synchronized (appliers) {
            return Optional.ofNullable(appliers.get(peer));
        }
    }

    /** This region's database, as the appliers use it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Stops everything this instance started. Idempotent, allowed in any state. */
    @Override
    public void close() {
        State previous = state.getAndUpdate(s -> s == State.FAILED ? s : State.CLOSED);
        if (previous != State.CLOSED) {
            stopAll();
            log.info("region {}: replication closed (was {})", settings.region(), previous);
        }
    }

    private void stopAll() {
        List<RuntimeException> errors = new ArrayList<>();
        List<SourceApplier> toClose;
        synchronized (appliers) {
            toClose = List.copyOf(appliers.values());
        }
        for (SourceApplier applier : toClose) {
            run(applier::close, errors);
        }
        Heartbeat beat = heartbeat;
        if (beat != null) {
            run(beat::close, errors);
        }
        CaptureSupervisor supervisor = capture;
        if (supervisor != null) {
            run(supervisor::close, errors);
        }
        if (!errors.isEmpty()) {
            RuntimeException first = errors.get(0);
            errors.subList(1, errors.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void run(Runnable action, List<RuntimeException> errors) {
        try {
            action.run();
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    /** What capture runs with for a region's settings (the benchmark's capture ceiling uses the same). */
    public static CaptureSettings captureSettings(RegionReplicationSettings settings) {
        DatabaseSettings db = settings.database();
        return new CaptureSettings(
                new ReplicationNames(settings.region()),
                db.host(),
                db.port(),
                db.database(),
                db.user(),
                db.password(),
                settings.tables(),
                settings.capturePollInterval(),
                settings.captureMaxBatch(),
                db.tls(),
                CaptureSettings.DEFAULT_OFFSET_COMMIT_INTERVAL);
    }
}
