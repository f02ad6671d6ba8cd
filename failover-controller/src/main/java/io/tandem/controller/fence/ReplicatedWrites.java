package io.tandem.controller.fence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one way to mark a transaction's writes as replicated, so the fence lets them through: Tandem's
 * applier calls {@link #mark} first in each apply transaction. The mark is {@code SET LOCAL
 * tandem.apply = 'on'}: it ends with the transaction, so it can never leak into an application's
 * writes on a pooled connection.
 */
public final class ReplicatedWrites {

    /** The statement {@link #mark} runs. */
    public static final String MARK = "SET LOCAL tandem.apply = 'on'";

    private ReplicatedWrites() {}

    /**
     * Marks the current transaction of {@code c} as carrying replicated writes.
     *
     * @throws IllegalStateException if {@code c} is in autocommit mode, where SET LOCAL would last for
     *     no statement at all: call {@code c.setAutoCommit(false)} first
     */
    public static void mark(Connection c) throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalStateException(
                    "cannot mark replicated writes on a connection in autocommit mode: SET LOCAL would not outlast"
                            + " the statement; call setAutoCommit(false) and mark each apply transaction");
        }
        try (Statement s = c.createStatement()) {
            s.execute(MARK);
        }
    }
}
