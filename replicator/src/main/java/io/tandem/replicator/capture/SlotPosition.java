package io.tandem.replicator.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before capture starts, that it can resume without a gap: the slot must exist (otherwise
 * Debezium would silently create a new one positioned "now"), and a slot that is ahead of capture's
 * committed position means changes were consumed elsewhere — reported loudly as a gap.
 */
final class SlotPosition {
    private static final Logger log = LoggerFactory.getLogger(SlotPosition.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the check found. */
    record Found(long slotConfirmedLsn, OptionalLong committedLsn) {
        boolean gap() {
            return committedLsn.isPresent() && slotConfirmedLsn > committedLsn.getAsLong();
        }
    }

    private SlotPosition() {}

    static Found check(CaptureSettings settings) throws SQLException {
        String slot = settings.names().slot();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            OptionalLong committed = committedLsn(c, slot);
            try (PreparedStatement query = c.prepareStatement("SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint"
                    + " FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()")) {
                query.setString(1, slot);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        throw new CaptureGapException("replication slot " + slot + " does not exist in database "
                                + settings.database()
                                + (committed.isPresent()
                                        ? "; capture had committed up to LSN " + committed.getAsLong()
                                                + ", so changes since then may be missing: recreate the slot with"
                                                + " tandem init and run tandem verify against the other regions"
                                        : "; run tandem init for region "
                                                + settings.names().region()));
                    }
                    Found found = new Found(rs.getLong(1), committed);
                    if (found.gap()) {
                        log.error(
                                "CAPTURE GAP for region {}: slot {} is at LSN {}, ahead of capture's committed"
                                        + " position {}; changes in between were consumed elsewhere or the slot was"
                                        + " recreated. Run tandem verify against the other regions.",
                                settings.names().region(),
                                slot,
                                found.slotConfirmedLsn(),
                                committed.getAsLong());
                    }
                    return found;
                }
            }
        }
    }

    /** The LSN in capture's stored Debezium offsets, if any. */
    private static OptionalLong committedLsn(Connection c, String slot) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT offsets FROM tandem.capture_offsets WHERE id = ?")) {
            query.setString(1, slot);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                long best = -1;
                for (Map.Entry<ByteBuffer, ByteBuffer> entry :
                        JdbcOffsetStore.decode(rs.getBytes(1)).entrySet()) {
                    if (entry.getValue() == null) {
                        continue;
                    }
                    JsonNode offset = JSON.readTree(StandardCharsets.UTF_8
                            .decode(entry.getValue().duplicate())
                            .toString());
                    JsonNode lsn = offset.has("lsn_commit") ? offset.get("lsn_commit") : offset.get("lsn");
                    if (lsn != null && lsn.canConvertToLong()) {
                        best = Math.max(best, lsn.asLong());
                    }
                }
                return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
            } catch (IOException e) {
                throw new SQLException("tandem.capture_offsets row " + slot + " is unreadable: " + e.getMessage(), e);
            }
        }
    }
}
