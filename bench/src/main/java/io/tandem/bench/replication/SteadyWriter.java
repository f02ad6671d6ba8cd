package io.tandem.bench.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Single-row insert transactions at a fixed total rate for a fixed time, spread over a few
 * connections (open-loop: each writer keeps its own schedule, so a slow commit does not lower the
 * offered rate unless the writer falls behind). Returns the number of rows written.
 */
final class SteadyWriter {
    private SteadyWriter() {}

    static long run(DataSource db, long firstId, int ratePerSecond, Duration duration, int writers)
            throws InterruptedException {
        long perWriterRate = Math.max(1, ratePerSecond / writers);
        long intervalNanos = 1_000_000_000L / perWriterRate;
        long rowsPerWriter = perWriterRate * duration.toSeconds();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Long>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            long base = firstId + w * rowsPerWriter;
            results.add(pool.submit(() -> write(db, base, rowsPerWriter, intervalNanos, start)));
        }
        long total = 0;
        try {
            for (Future<Long> f : results) {
                total += f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("writer failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        return total;
    }

    private static long write(DataSource db, long base, long rows, long intervalNanos, long start) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement p = c.prepareStatement("INSERT INTO public.orders(id, customer_id, status, amount,"
                        + " updated_at) VALUES (?, ?, 'new', 1.00, clock_timestamp())")) {
            for (long i = 0; i < rows; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                p.setLong(1, base + i);
                p.setLong(2, (base + i) % 10000);
                p.executeUpdate();
            }
        }
        return rows;
    }
}
