package io.tandem.controller.support;

import io.tandem.controller.fence.ReplicatedWrites;
import io.tandem.controller.membership.Applied;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The replicator's part in a switchover, for tests: while running, every {@code periodMillis} it reads
 * the source's WAL position, then copies every order the source holds to the target as replicated
 * writes ({@link ReplicatedWrites}), then publishes that position as applied by the target. Rows
 * committed before the position are therefore at the target when the position is published. Each
 * round is kept, so a test can check which rows a published position covered.
 */
public final class OrdersCopier implements AutoCloseable {

    /** One copy round: the position it published and the order ids it had copied by then. */
    public record Round(long position, Set<Long> copied) {}

    private final Region from;
    private final Region to;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Round> rounds = new CopyOnWriteArrayList<>();

    public OrdersCopier(Region from, Region to, long periodMillis) {
        this.from = from;
        this.to = to;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "copier-" + from.name + "-" + to.name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::round, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts copying (a new copier holds until told to run). */
    public void run() {
        running.set(true);
    }

    public List<Round> rounds() {
        return List.copyOf(rounds);
    }

    private void round() {
        if (!running.get()) {
            return;
        }
        try {
            long position = from.walPosition();
            Set<Long> copied = new HashSet<>();
            try (Connection src = from.pg.dataSource().getConnection();
                    Connection dst = to.pg.dataSource().getConnection()) {
                dst.setAutoCommit(false);
                ReplicatedWrites.mark(dst);
                try (Statement s = src.createStatement();
                        ResultSet rs = s.executeQuery("SELECT id, customer FROM orders");
                        PreparedStatement p = dst.prepareStatement(
                                "INSERT INTO orders (id, customer) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                    while (rs.next()) {
                        copied.add(rs.getLong(1));
                        p.setLong(1, rs.getLong(1));
                        p.setString(2, rs.getString(2));
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                dst.commit();
            }
            to.participant().publishApplied(from.name, new Applied(position, 0));
            rounds.add(new Round(position, copied));
        } catch (SQLException | RuntimeException e) {
            System.out.println("copier " + from.name + " -> " + to.name + ": round failed, retrying: " + e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("copier did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
