package io.tandem.chaos.workload;

import io.tandem.chaos.harness.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The chaos client: one thread per region writing straight into that region's PostgreSQL (JDBC),
 * as an application would. It mixes the owned table ({@code orders}: insert, update, delete, for
 * customers of every shard group, so non-owners are refused with TD001 and that is simply not
 * acknowledged) and the multi-writer table ({@code carts}: insert, relabel, counter increments on
 * rows every region shares). Every acknowledged write goes to the {@link WriteLog} with the version
 * vector it left and, for owned writes, the fence row it saw in the same transaction.
 *
 * <p>Seeded: the same seed makes the same choices (timing still differs). {@link #stop()} waits
 * for the threads; writes are paced (one per {@code paceMillis} per region).
 */
public final class Workload {
    private static final String TD001 = "TD001";
    private static final int CUSTOMERS = 90;

    private final Function<String, String> jdbcUrl;
    private final WriteLog log;
    private final long paceMillis;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    /** Shared by all runs of one cluster: ids handed out, and rows known to exist somewhere. */
    private final Shared shared;

    /** Ids and known rows shared across the schedules run on one cluster. */
    public static final class Shared {
        final AtomicLong nextOrder = new AtomicLong(1);
        final AtomicLong nextCart = new AtomicLong(1);
        final Map<Long, String> orders = new ConcurrentHashMap<>(); // id -> customer
        final Map<Long, Boolean> carts = new ConcurrentHashMap<>();
    }

    public Workload(Function<String, String> jdbcUrl, WriteLog log, Shared shared, long paceMillis) {
        this.jdbcUrl = jdbcUrl;
        this.log = log;
        this.shared = shared;
        this.paceMillis = paceMillis;
    }

    public void start(long seed) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("workload already running");
        }
        threads.clear();
        for (int i = 0; i < Topology.REGIONS.size(); i++) {
            String region = Topology.REGIONS.get(i);
            Random rng = new Random(seed * 31 + i);
            Thread t = new Thread(() -> run(region, rng), "chaos-workload-" + region);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    public void stop() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within 30 s");
            }
        }
    }

    public WriteLog log() {
        return log;
    }

    private void run(String region, Random rng) {
        Connection c = null;
        while (running.get()) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection(jdbcUrl.apply(region), "postgres", "");
                    c.setAutoCommit(false);
                }
                writeOnce(c, region, rng);
            } catch (SQLException e) {
                log.fail(region);
                closeQuietly(c);
                c = null;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(paceMillis));
        }
        closeQuietly(c);
    }

    private void writeOnce(Connection c, String region, Random rng) throws SQLException {
        int dice = rng.nextInt(100);
        if (dice < 25) {
            long id = shared.nextOrder.getAndIncrement();
            String customer = "c" + rng.nextInt(CUSTOMERS);
            String value = rng.nextInt(1000) + "/" + region;
            owned(
                    c,
                    region,
                    Op.INSERT,
                    id,
                    customer,
                    value,
                    "INSERT INTO public.orders (id, customer, amount, note)"
                            + " VALUES (?, ?, ?, ?) RETURNING tandem_vv::text",
                    p -> {
                        p.setLong(1, id);
                        p.setString(2, customer);
                        p.setLong(3, Long.parseLong(value.substring(0, value.indexOf('/'))));
                        p.setString(4, value.substring(value.indexOf('/') + 1));
                    });
        } else if (dice < 45) {
            Map.Entry<Long, String> row = pick(shared.orders, rng);
            if (row == null) {
                return;
            }
            String value = rng.nextInt(1000) + "/" + region;
            owned(
                    c,
                    region,
                    Op.UPDATE,
                    row.getKey(),
                    row.getValue(),
                    value,
                    "UPDATE public.orders SET amount = ?, note = ? WHERE id = ? RETURNING tandem_vv::text",
                    p -> {
                        p.setLong(1, Long.parseLong(value.substring(0, value.indexOf('/'))));
                        p.setString(2, value.substring(value.indexOf('/') + 1));
                        p.setLong(3, row.getKey());
                    });
        } else if (dice < 52) {
            Map.Entry<Long, String> row = pick(shared.orders, rng);
            if (row == null) {
                return;
            }
            owned(
                    c,
                    region,
                    Op.DELETE,
                    row.getKey(),
                    row.getValue(),
                    null,
                    "DELETE FROM public.orders WHERE id = ? RETURNING id",
                    p -> p.setLong(1, row.getKey()));
        } else if (dice < 62) {
            long id = shared.nextCart.getAndIncrement();
            String label = "l" + rng.nextInt(1000) + "/" + region;
            multi(
                    c,
                    region,
                    Op.INSERT,
                    id,
                    label,
                    0,
                    "INSERT INTO public.carts (id, label, qty) VALUES (?, ?, 0) RETURNING tandem_vv::text",
                    p -> {
                        p.setLong(1, id);
                        p.setString(2, label);
                    });
        } else if (dice < 70) {
            Map.Entry<Long, Boolean> row = pick(shared.carts, rng);
            if (row == null) {
                return;
            }
            String label = "l" + rng.nextInt(1000) + "/" + region;
            multi(
                    c,
                    region,
                    Op.UPDATE,
                    row.getKey(),
                    label,
                    0,
                    "UPDATE public.carts SET label = ? WHERE id = ? RETURNING tandem_vv::text",
                    p -> {
                        p.setString(1, label);
                        p.setLong(2, row.getKey());
                    });
        } else {
            Map.Entry<Long, Boolean> row = pick(shared.carts, rng);
            if (row == null) {
                return;
            }
            long delta = 1 + rng.nextInt(5);
            multi(
                    c,
                    region,
                    Op.INCREMENT,
                    row.getKey(),
                    null,
                    delta,
                    "UPDATE public.carts SET qty = qty + ? WHERE id = ? RETURNING tandem_vv::text",
                    p -> {
                        p.setLong(1, delta);
                        p.setLong(2, row.getKey());
                    });
        }
    }

    private static <K, V> Map.Entry<K, V> pick(Map<K, V> map, Random rng) {
        if (map.isEmpty()) {
            return null;
        }
        List<Map.Entry<K, V>> entries = new ArrayList<>(map.entrySet());
        return entries.get(rng.nextInt(Math.min(entries.size(), 400)) + Math.max(0, entries.size() - 400));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private record Fence(String owner, long epoch, String state) {}

    private void owned(
            Connection c, String region, Op op, long id, String customer, String value, String sql, Binder binder)
            throws SQLException {
        String group = Topology.groupOf(customer);
        try {
            Fence fence;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT owner_region, epoch, state FROM tandem.group_ownership WHERE group_name = ? FOR SHARE")) {
                p.setString(1, group);
                try (ResultSet rs = p.executeQuery()) {
                    fence = rs.next()
                            ? new Fence(rs.getString(1), rs.getLong(2), rs.getString(3))
                            : new Fence("?", 0, "?");
                }
            }
            String vv;
            try (PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback(); // the row is not (yet) here: nothing written
                        return;
                    }
                    vv = rs.getString(1);
                }
            }
            if (op == Op.DELETE) {
                vv = tombstoneVector(c, "public.orders", id);
            }
            long before = lsn(c, "pg_current_wal_insert_lsn()");
            commit(c, region, "public.orders", id, op, group, fence, vv, value, 0, before);
            if (op == Op.INSERT) {
                shared.orders.put(id, customer);
            } else if (op == Op.DELETE) {
                shared.orders.remove(id);
            }
        } catch (SQLException e) {
            rollbackQuietly(c);
            if (TD001.equals(e.getSQLState())) {
                log.reject(region);
                return;
            }
            throw e;
        }
    }

    private void multi(Connection c, String region, Op op, long id, String value, long delta, String sql, Binder binder)
            throws SQLException {
        try {
            String vv;
            try (PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return;
                    }
                    vv = rs.getString(1);
                }
            }
            long before = lsn(c, "pg_current_wal_insert_lsn()");
            commit(c, region, "public.carts", id, op, null, null, vv, value, delta, before);
            if (op == Op.INSERT) {
                shared.carts.put(id, true);
            }
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    private void commit(
            Connection c,
            String region,
            String table,
            long id,
            Op op,
            String group,
            Fence fence,
            String vv,
            String value,
            long delta,
            long lsnBefore)
            throws SQLException {
        try {
            c.commit();
        } catch (SQLException e) {
            log.unknown(new AckedWrite(
                    log.nextSeq(),
                    region,
                    table,
                    id,
                    op,
                    group,
                    fence == null ? 0 : fence.epoch(),
                    fence == null ? null : fence.owner(),
                    fence == null ? null : fence.state(),
                    VersionVectors.parse(vv),
                    value,
                    delta,
                    lsnBefore,
                    Long.MAX_VALUE,
                    System.currentTimeMillis()));
            throw e;
        }
        long after;
        try {
            after = lsn(c, "pg_current_wal_lsn()");
            c.commit();
        } catch (SQLException e) {
            after = Long.MAX_VALUE; // acknowledged all the same: the commit returned
        }
        log.acked(new AckedWrite(
                log.nextSeq(),
                region,
                table,
                id,
                op,
                group,
                fence == null ? 0 : fence.epoch(),
                fence == null ? null : fence.owner(),
                fence == null ? null : fence.state(),
                VersionVectors.parse(vv),
                value,
                delta,
                lsnBefore,
                after,
                System.currentTimeMillis()));
    }

    private static String tombstoneVector(Connection c, String table, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT tandem_vv::text FROM tandem.tombstones"
                + " WHERE table_name = ? AND pk = jsonb_build_object('id', ?::bigint)")) {
            p.setString(1, table);
            p.setLong(2, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long lsn(Connection c, String function) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (" + function + " - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the caller reconnects
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }
}
