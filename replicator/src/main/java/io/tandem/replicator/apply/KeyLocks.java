package io.tandem.replicator.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Takes a transaction-scoped advisory lock per key before its current version is read, so appliers of
 * different source regions (and anything else taking the same lock) cannot both read a key's version
 * and overwrite each other's result. Locks are taken in one statement in a fixed order (by lock id),
 * which keeps two appliers from deadlocking on each other; they are released at commit or rollback.
 *
 * <p>The lock id is {@code hashtextextended('<schema.table>|<key text>|...', 0)}.
 */
final class KeyLocks {
    private static final String SQL =
            "SELECT count(pg_advisory_xact_lock(id)) FROM (SELECT DISTINCT hashtextextended(k, 0) AS id"
                    + " FROM unnest(CAST(? AS text[])) AS k ORDER BY 1) ids";

    private KeyLocks() {}

    static void lock(Connection connection, Collection<RowKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        Object[] ids = keys.stream().map(KeyLocks::lockText).toArray();
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setArray(1, connection.createArrayOf("text", ids));
            statement.executeQuery().close();
        }
    }

    static String lockText(RowKey key) {
        return key.table() + "|" + String.join("|", key.values());
    }
}
