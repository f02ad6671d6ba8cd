package io.tandem.controller.support;

import io.tandem.controller.fence.FenceSchema;
import io.tandem.controller.fence.FenceSqlState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes continuously to a region's owned table {@code accepted_writes} (group {@code orders}) and
 * lets the database say which writes it accepted and under which epoch. Each write is one transaction:
 * read the group's fence row FOR SHARE (no ownership change can commit until this transaction ends, so
 * the fence trigger sees the same row), insert the row with that epoch and {@code clock_timestamp()},
 * then stamp {@code committing_at = clock_timestamp()} just before the commit. All regions' databases
 * run on this machine's clock, so their timestamps compare.
 */
public final class EpochWriter implements AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();

    private final Region region;
    private final ScheduledExecutorService thread;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();

    private EpochWriter(Region region, long periodMillis) {
        this.region = region;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "epoch-writer-" + region.name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleAtFixedRate(this::writeOne, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Creates (or empties) {@code accepted_writes} in the region's database, fenced as group {@code orders}. */
    public static void install(Region region) {
        region.pg.exec("CREATE TABLE IF NOT EXISTS accepted_writes (id bigint PRIMARY KEY, customer text NOT NULL,"
                + " region text NOT NULL, epoch bigint NOT NULL, admitted_at timestamptz NOT NULL,"
                + " committing_at timestamptz)");
        FenceSchema schema = new FenceSchema(region.pg.dataSource());
        schema.fenceTable("accepted_writes", "customer", 4);
        schema.mapShards("accepted_writes", shard -> "orders");
        region.pg.exec("BEGIN; SET LOCAL tandem.apply = 'on'; TRUNCATE accepted_writes; COMMIT");
    }

    public static EpochWriter start(Region region, long periodMillis) {
        return new EpochWriter(region, periodMillis);
    }

    private void writeOne() {
        long id = IDS.incrementAndGet();
        try (Connection c = region.pg.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                long epoch;
                try (PreparedStatement p = c.prepareStatement(
                                "SELECT epoch FROM tandem.group_ownership WHERE group_name = 'orders' FOR SHARE");
                        ResultSet rs = p.executeQuery()) {
                    epoch = rs.next() ? rs.getLong(1) : 0;
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO accepted_writes"
                        + " (id, customer, region, epoch, admitted_at) VALUES (?, ?, ?, ?, clock_timestamp())")) {
                    p.setLong(1, id);
                    p.setString(2, "customer-" + id);
                    p.setString(3, region.name);
                    p.setLong(4, epoch);
                    p.executeUpdate();
                }
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE accepted_writes SET committing_at = clock_timestamp() WHERE id = ?")) {
                    p.setLong(1, id);
                    p.executeUpdate();
                }
                c.commit();
                accepted.incrementAndGet();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (FenceSqlState.SQLSTATE.equals(e.getSQLState())) {
                refused.incrementAndGet();
            } else {
                failures.merge(e.getSQLState() + ": " + e.getMessage(), 1L, Long::sum);
            }
        }
    }

    public long accepted() {
        return accepted.get();
    }

    public long refused() {
        return refused.get();
    }

    /** Errors other than the fence's refusal, by message, with their count. */
    public Map<String, Long> failures() {
        return Map.copyOf(failures);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("writer of " + region.name + " did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
