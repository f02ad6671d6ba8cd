package io.tandem.bench.failover;

import io.tandem.controller.RegionParticipant;
import io.tandem.controller.fence.ReplicatedWrites;
import io.tandem.controller.membership.Applied;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Stands in for the replicator in one direction (the wiring of real positions is being done
 * elsewhere): every round it reads the source's WAL position, copies the source's own new rows to
 * the target as replicated writes ({@link ReplicatedWrites}), and publishes that position as applied
 * by the target. Every row committed before the position is at the target when it is published,
 * which is what a switchover's catch-up waits for. Rounds are kept (position and the highest id
 * copied), so the benchmark can tell which acknowledged writes a published position covered.
 */
final class Copier implements AutoCloseable {

    /** One round: the position it published and the highest source id copied by then. */
    record Round(long position, long copiedUpTo) {}

    private final String source;
    private final DataSource from;
    private final DataSource to;
    private final RegionParticipant target;
    private final ScheduledExecutorService thread;
    private final List<Round> rounds = new ArrayList<>(); // guarded by this
    private long copiedUpTo; // guarded by this
    private boolean paused; // guarded by this
    private long lastPublished = -1;

    Copier(String source, DataSource from, DataSource to, RegionParticipant target, long periodMillis) {
        this.source = source;
        this.from = from;
        this.to = to;
        this.target = target;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-copier-" + source + "-" + target.region());
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::round, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops copying (the link between the regions is cut); returns the highest id copied so far. */
    synchronized long pause() {
        paused = true;
        return copiedUpTo;
    }

    synchronized void resume() {
        paused = false;
    }

    /** The first round that published {@code position} or beyond, if one has yet. */
    synchronized Round firstCovering(long position) {
        for (Round r : rounds) {
            if (r.position() >= position) {
                return r;
            }
        }
        return null;
    }

    private synchronized void round() {
        if (paused) {
            return;
        }
        try (Connection src = from.getConnection();
                Connection dst = to.getConnection()) {
            long position;
            try (Statement s = src.createStatement();
                    ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
                rs.next();
                position = rs.getLong(1);
            }
            long upTo = copiedUpTo;
            dst.setAutoCommit(false);
            ReplicatedWrites.mark(dst);
            try (PreparedStatement read = src.prepareStatement(
                            "SELECT id, customer FROM bench_writes WHERE region = ? AND id > ? ORDER BY id");
                    PreparedStatement write = dst.prepareStatement("INSERT INTO bench_writes (id, customer, region)"
                            + " VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                read.setString(1, source);
                read.setLong(2, upTo);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        upTo = rs.getLong(1);
                        write.setLong(1, upTo);
                        write.setString(2, rs.getString(2));
                        write.setString(3, source);
                        write.addBatch();
                    }
                }
                write.executeBatch();
            }
            dst.commit();
            copiedUpTo = upTo;
            if (position != lastPublished) {
                target.publishApplied(source, new Applied(position, 0));
                lastPublished = position;
            }
            rounds.add(new Round(position, upTo));
        } catch (SQLException | RuntimeException e) {
            System.err.println("bench failover: copy " + source + " -> " + target.region() + " failed, retrying: " + e);
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
    }
}
