package io.tandem.bench.failover;

import io.tandem.controller.switchover.SourcePosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The regions' WAL positions as the controllers read them when a switchover fences an owner; keeps
 * the last one read per region, which is the position the switchover recorded.
 */
final class RecordingPositions implements SourcePosition {

    private final Map<String, DataSource> databases = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRead = new ConcurrentHashMap<>();

    void register(String region, DataSource db) {
        databases.put(region, db);
    }

    @Override
    public long currentPosition(String region) {
        long position = peek(region);
        lastRead.put(region, position);
        return position;
    }

    /** The region's current WAL position, without recording it. */
    long peek(String region) {
        DataSource db = databases.get(region);
        if (db == null) {
            throw new IllegalArgumentException("no database registered for region " + region);
        }
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the WAL position of " + region + ": " + e.getMessage(), e);
        }
    }

    /** Forgets what was read for {@code region} (before a new switchover away from it). */
    void forget(String region) {
        lastRead.remove(region);
    }

    OptionalLong lastRead(String region) {
        Long p = lastRead.get(region);
        return p == null ? OptionalLong.empty() : OptionalLong.of(p);
    }
}
