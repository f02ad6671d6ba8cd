package io.tandem.bench.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The orders workload of the peer baselines (shared/bench/peers): the same table, the same batch
 * loader, and a lag trigger on the receiving side, so Tandem and native logical replication are
 * measured the same way in the same run.
 */
final class OrdersWorkload {
    private OrdersWorkload() {}

    static final String TABLE = "public.orders";

    static void createTable(DataSource db) throws SQLException {
        exec(db, """
                CREATE TABLE IF NOT EXISTS public.orders(
                  id          bigint PRIMARY KEY,
                  customer_id bigint,
                  status      text,
                  amount      numeric(12,2),
                  updated_at  timestamptz,
                  applied_at  timestamptz)""");
    }

    /**
     * On the receiving side: stamps each arriving row with the time it was applied. ENABLE ALWAYS,
     * so it also fires in native logical replication's apply sessions.
     */
    static void installLagTrigger(DataSource db) throws SQLException {
        exec(db, """
                CREATE OR REPLACE FUNCTION public.bench_stamp_applied() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.applied_at := clock_timestamp(); RETURN NEW; END $$""");
        exec(db, "DROP TRIGGER IF EXISTS bench_stamp_applied ON public.orders");
        exec(
                db,
                "CREATE TRIGGER bench_stamp_applied BEFORE INSERT ON public.orders"
                        + " FOR EACH ROW EXECUTE FUNCTION public.bench_stamp_applied()");
        exec(db, "ALTER TABLE public.orders ENABLE ALWAYS TRIGGER bench_stamp_applied");
    }

    /** Loads {@code rows} rows from id {@code first}, committing every {@code batch} rows. */
    static void load(DataSource db, long first, long rows, int batch) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement p =
                        c.prepareStatement("INSERT INTO public.orders(id, customer_id, status, amount, updated_at)"
                                + " SELECT g, g % 10000, 'new', (g % 100000) / 100.0, clock_timestamp()"
                                + " FROM generate_series(?::bigint, ?::bigint) g")) {
            for (long start = first; start < first + rows; start += batch) {
                p.setLong(1, start);
                p.setLong(2, Math.min(start + batch, first + rows) - 1);
                p.executeUpdate();
            }
        }
    }

    static long count(DataSource db, long from, long to) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement p =
                        c.prepareStatement("SELECT count(*) FROM public.orders WHERE id BETWEEN ? AND ?")) {
            p.setLong(1, from);
            p.setLong(2, to);
            try (var rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void exec(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
