package io.tandem.replicator.apply;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * Whether retrying can fix a failure. Retriable: connection loss (SQLSTATE class 08), serialization
 * failure (40001), deadlock (40P01), server shutdown or lack of resources (57P0x, 53) and any other
 * database error not known to be about the data. Permanent: bad data, constraint violations and
 * statement errors (classes 22, 23, 42, 44), and a change the resolver rejects; those isolate the
 * event and dead-letter it.
 */
public enum FailureKind {
    RETRIABLE,
    PERMANENT;

    public static FailureKind of(Throwable failure) {
        if (failure instanceof SQLException sql) {
            String state = sqlState(sql);
            if (state == null || state.length() < 2) {
                return RETRIABLE;
            }
            return switch (state.substring(0, 2)) {
                case "22", "23", "42", "44", "2B", "21" -> PERMANENT;
                default -> RETRIABLE;
            };
        }
        return failure instanceof RuntimeException ? PERMANENT : RETRIABLE;
    }

    /** The most specific SQLSTATE: batch errors carry the real one in the next exception. */
    static String sqlState(SQLException failure) {
        SQLException next = failure instanceof BatchUpdateException ? failure.getNextException() : null;
        if (next != null && next.getSQLState() != null) {
            return next.getSQLState();
        }
        return failure.getSQLState();
    }

    /** A one-line description of the failure for the dead-letter reason and logs. */
    static String describe(Throwable failure) {
        if (failure instanceof SQLException sql) {
            SQLException next = sql instanceof BatchUpdateException ? sql.getNextException() : null;
            SQLException shown = next != null ? next : sql;
            String message = shown.getMessage() == null
                    ? ""
                    : shown.getMessage().lines().findFirst().orElse("");
            return "SQLSTATE " + sqlState(sql) + ": " + message;
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
