package io.tandem.controller.fence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs a unit of JDBC work in one transaction, committing on success and rolling back on failure. */
final class Sql {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Sql() {}

    static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietlyInto(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new FenceException(what + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private static void rollbackQuietlyInto(Connection c, Exception primary) {
        try {
            c.rollback();
        } catch (SQLException rollback) {
            primary.addSuppressed(rollback);
        }
    }
}
