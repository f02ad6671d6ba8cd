package io.tandem.replicator.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Stores a change that cannot be applied in {@code tandem.dead_letter} with its raw payload and the
 * reason, in the batch's transaction, so the position never moves past an event that is neither
 * applied nor kept.
 */
final class DeadLetters {
    private static final String SQL =
            "INSERT INTO tandem.dead_letter (source_region, topic, kafka_partition, kafka_offset, table_name, pk,"
                    + " payload, reason, created_at) VALUES (?, ?, 0, ?, ?, CAST(? AS jsonb), ?, ?, now())";

    private DeadLetters() {}

    static void store(Connection connection, String sourceRegion, SourceRecord record, String reason)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setString(1, sourceRegion);
            statement.setString(2, Topics.changes(sourceRegion));
            statement.setLong(3, record.offset());
            if (record.malformed()) {
                statement.setNull(4, Types.VARCHAR);
                statement.setNull(5, Types.VARCHAR);
            } else {
                statement.setString(4, record.event().table());
                statement.setString(5, VersionJson.key(record.event().key()));
            }
            statement.setBytes(6, record.record().payload());
            statement.setString(7, reason);
            statement.executeUpdate();
        }
    }
}
