package io.tandem.replicator.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/** Reads and writes {@code tandem.apply_position} rows (one per source region and partition). */
public final class ApplyPositions {
    private static final String READ = "SELECT next_offset, applied_lsn, applied_commit_ts FROM tandem.apply_position"
            + " WHERE source_region = ? AND kafka_partition = ?";
    private static final String WRITE =
            "INSERT INTO tandem.apply_position (source_region, kafka_partition, next_offset, applied_lsn,"
                    + " applied_commit_ts, updated_at) VALUES (?, ?, ?, ?, ?, now())"
                    + " ON CONFLICT (source_region, kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset,"
                    + " applied_lsn = coalesce(EXCLUDED.applied_lsn, apply_position.applied_lsn),"
                    + " applied_commit_ts = coalesce(EXCLUDED.applied_commit_ts, apply_position.applied_commit_ts),"
                    + " updated_at = now()";

    private ApplyPositions() {}

    /** The stored position, or {@link ApplyPosition#BEGINNING} when this source was never applied. */
    public static ApplyPosition read(Connection connection, String sourceRegion) throws SQLException {
        return read(connection, sourceRegion, READ);
    }

    /**
     * Reads the position and locks its row until the transaction ends, so two appliers of the same
     * source (a misconfiguration) cannot both apply the same records.
     */
    static ApplyPosition readForUpdate(Connection connection, String sourceRegion) throws SQLException {
        return read(connection, sourceRegion, READ + " FOR UPDATE");
    }

    private static ApplyPosition read(Connection connection, String sourceRegion, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sourceRegion);
            statement.setInt(2, Topics.PARTITION);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return ApplyPosition.BEGINNING;
                }
                long lsn = rs.getLong(2);
                if (rs.wasNull()) {
                    lsn = -1;
                }
                Timestamp commit = rs.getTimestamp(3);
                return new ApplyPosition(rs.getLong(1), lsn, commit == null ? -1 : commit.getTime());
            }
        }
    }

    static void write(Connection connection, String sourceRegion, ApplyPosition position) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(WRITE)) {
            statement.setString(1, sourceRegion);
            statement.setInt(2, Topics.PARTITION);
            statement.setLong(3, position.nextOffset());
            if (position.appliedLsn() < 0) {
                statement.setNull(4, Types.BIGINT);
            } else {
                statement.setLong(4, position.appliedLsn());
            }
            if (position.appliedCommitTsMillis() < 0) {
                statement.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                statement.setTimestamp(5, new Timestamp(position.appliedCommitTsMillis()));
            }
            statement.executeUpdate();
        }
    }
}
