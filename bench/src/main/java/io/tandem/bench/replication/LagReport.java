package io.tandem.bench.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Per-row replication lag of an id range, computed on the receiving side: applied_at (stamped by
 * the lag trigger when the row arrived) minus updated_at (stamped on the source when it was
 * written). Both servers share this machine's clock.
 */
record LagReport(long rows, double p50Millis, double p99Millis, double maxMillis) {

    static LagReport of(DataSource receiver, long from, long to) throws SQLException {
        try (Connection c = receiver.getConnection();
                PreparedStatement p = c.prepareStatement("""
                        SELECT count(*),
                               percentile_cont(0.50) WITHIN GROUP (ORDER BY lag),
                               percentile_cont(0.99) WITHIN GROUP (ORDER BY lag),
                               max(lag)
                        FROM (SELECT extract(epoch FROM applied_at - updated_at) * 1000 AS lag
                              FROM public.orders WHERE id BETWEEN ? AND ?) l""")) {
            p.setLong(1, from);
            p.setLong(2, to);
            try (var rs = p.executeQuery()) {
                rs.next();
                return new LagReport(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
            }
        }
    }

    /** Lag by second of writing (rows, p50, p99, max): shows whether lag is steady or comes in stalls. */
    static String timeline(DataSource receiver, long from, long to) throws SQLException {
        try (Connection c = receiver.getConnection();
                PreparedStatement p = c.prepareStatement("""
                        SELECT s, count(*),
                               percentile_cont(0.50) WITHIN GROUP (ORDER BY lag),
                               percentile_cont(0.99) WITHIN GROUP (ORDER BY lag),
                               max(lag)
                        FROM (SELECT floor(extract(epoch FROM updated_at - min(updated_at) OVER ())) AS s,
                                     extract(epoch FROM applied_at - updated_at) * 1000 AS lag
                              FROM public.orders WHERE id BETWEEN ? AND ?) l
                        GROUP BY s ORDER BY s""")) {
            p.setLong(1, from);
            p.setLong(2, to);
            StringBuilder out = new StringBuilder();
            try (var rs = p.executeQuery()) {
                while (rs.next()) {
                    out.append(String.format(
                            java.util.Locale.ROOT,
                            " s%d: n=%d p50=%.0f p99=%.0f max=%.0f;",
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getDouble(5)));
                }
            }
            return out.toString();
        }
    }
}
