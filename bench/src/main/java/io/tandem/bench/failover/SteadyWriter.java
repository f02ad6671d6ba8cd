package io.tandem.bench.failover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * One application writer in a region: inserts one row into the owned table every {@code period} on
 * one connection, and logs each write the database acknowledged with its monotonic time. Ids come
 * from one counter for all regions, and one writer per region commits in id order, which the copier
 * relies on.
 */
final class SteadyWriter implements AutoCloseable {

    /** An acknowledged write. */
    record Ack(long id, long nanos) {}

    private static final AtomicLong IDS = new AtomicLong();

    private final String region;
    private final DataSource dataSource;
    private final ScheduledExecutorService thread;
    private final List<Ack> acks = new ArrayList<>(); // guarded by this
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, Long> refusals = new ConcurrentHashMap<>(); // by reason
    private volatile long lastAckNanos = Long.MIN_VALUE;
    private Connection connection;

    SteadyWriter(String region, DataSource dataSource, long periodMicros) {
        this.region = region;
        this.dataSource = dataSource;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-writer-" + region);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleAtFixedRate(this::writeOne, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void writeOne() {
        long id = IDS.incrementAndGet();
        try {
            if (connection == null) {
                connection = dataSource.getConnection();
            }
            try (PreparedStatement p =
                    connection.prepareStatement("INSERT INTO bench_writes (id, customer, region) VALUES (?, ?, ?)")) {
                p.setLong(1, id);
                p.setString(2, "customer-" + id);
                p.setString(3, region);
                p.executeUpdate();
            }
            long now = System.nanoTime();
            synchronized (this) {
                acks.add(new Ack(id, now));
            }
            lastAckNanos = now;
        } catch (SQLException e) {
            refused.incrementAndGet(); // TD001 (fenced) or a lost connection: not acknowledged either way
            refusals.merge(reason(e), 1L, Long::sum);
            if (!"TD001".equals(e.getSQLState())) {
                closeConnection();
            }
        }
    }

    /** The kind of refusal, without the values that change per write. */
    private static String reason(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("write lease")) {
            return "write lease expired";
        }
        if (m.contains("fenced itself")) {
            return "region fenced itself";
        }
        if (m.contains("state DRAINING")) {
            return "group draining";
        }
        if (m.contains("is owned by")) {
            return "owned by another region";
        }
        return e.getSQLState() + " " + m.lines().findFirst().orElse("");
    }

    /** Refused writes by reason. */
    Map<String, Long> refusals() {
        return Map.copyOf(refusals);
    }

    long lastAckNanos() {
        return lastAckNanos;
    }

    /** The first write acknowledged after {@code nanos}, if any yet. */
    synchronized Ack firstAckAfter(long nanos) {
        Ack first = null;
        for (int i = acks.size() - 1; i >= 0 && acks.get(i).nanos() > nanos; i--) {
            first = acks.get(i);
        }
        return first;
    }

    /** The last write acknowledged at or before {@code nanos}, if any. */
    synchronized Ack lastAckBefore(long nanos) {
        for (int i = acks.size() - 1; i >= 0; i--) {
            if (acks.get(i).nanos() <= nanos) {
                return acks.get(i);
            }
        }
        return null;
    }

    /** How many acknowledged writes have an id above {@code id}. */
    synchronized long ackedAbove(long id) {
        long n = 0;
        for (int i = acks.size() - 1; i >= 0 && acks.get(i).id() > id; i--) {
            n++;
        }
        return n;
    }

    synchronized long acknowledged() {
        return acks.size();
    }

    long refused() {
        return refused.get();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being discarded because it failed
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
