package io.tandem.replicator.region;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How far this region has applied each peer's changes, read from {@code tandem.apply_position}: what
 * the daemon publishes for the controller, which compares it with a source's WAL position during a
 * switchover and picks the most advanced survivor during a failover.
 *
 * @param position the source LSN of the last applied change
 * @param lagMillis source commit to local apply, as of the last applied batch
 * @param commitMillis the source commit time of the last applied change (the source database's clock, epoch
 *     milliseconds), 0 if not recorded
 */
public record AppliedProgress(long position, long lagMillis, long commitMillis) {

    private static final String QUERY = "SELECT source_region, max(applied_lsn),"
            + " greatest(0, max(extract(epoch FROM (updated_at - applied_commit_ts)) * 1000))::bigint,"
            + " coalesce((extract(epoch FROM max(applied_commit_ts)) * 1000)::bigint, 0)"
            + " FROM tandem.apply_position WHERE applied_lsn IS NOT NULL GROUP BY source_region";

    /** Progress per source region; a source never applied is absent. */
    public static Map<String, AppliedProgress> read(DataSource database) throws SQLException {
        Map<String, AppliedProgress> bySource = new LinkedHashMap<>();
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(QUERY)) {
            while (rs.next()) {
                bySource.put(rs.getString(1), new AppliedProgress(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return bySource;
    }
}
