package io.tandem.replicator.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Bumps this region's row of {@code tandem.heartbeat} periodically. The row travels the data path
 * like any change (capture → Kafka → appliers), so other regions see progress and lag even when no
 * client writes, and a switchover can wait for "target applied ≥ owner's position". A failed beat is
 * logged and retried at the next tick. {@link #close()} is idempotent.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    static final String BEAT = "INSERT INTO tandem.heartbeat AS h (region, beat, beat_at) VALUES (?, 1, now())"
            + " ON CONFLICT (region) DO UPDATE SET beat = h.beat + 1, beat_at = now()";

    private final CaptureSettings settings;
    private final ScheduledExecutorService timer;

    private Heartbeat(CaptureSettings settings, Duration interval) {
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tandem-heartbeat-" + settings.names().region());
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::beatLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts beating every {@code interval}, the first beat now. */
    public static Heartbeat start(CaptureSettings settings, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + interval);
        }
        return new Heartbeat(settings, interval);
    }

    /** One beat for {@code region} on the given connection (auto-commit). */
    public static void beat(Connection connection, String region) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(BEAT)) {
            statement.setString(1, region);
            statement.executeUpdate();
        }
    }

    private void beatLogged() {
        MDC.put("region", settings.names().region());
        MDC.put("component", "heartbeat");
        try (Connection connection =
                DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            beat(connection, settings.names().region());
        } catch (SQLException e) {
            log.warn(
                    "heartbeat for {} failed, retrying at the next tick: {}",
                    settings.names().region(),
                    e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
