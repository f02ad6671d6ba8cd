package io.tandem.router.client;

import io.tandem.controller.fence.FenceSqlState;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;

/** How the client classifies what an application call threw. */
public final class Failures {

    private Failures() {}

    /** Whether {@code t} or a cause is an {@link SQLException} with SQLSTATE TD001 (the fence refused the write). */
    public static boolean isFencing(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && FenceSqlState.SQLSTATE.equals(sql.getSQLState())) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /**
     * The default test for "the region failed, try another": an {@link IOException}, a JDBC
     * connection exception (SQLSTATE class 08 or the connection exception types) anywhere in the
     * cause chain. Everything else is the application's own failure and is not retried.
     */
    public static final Predicate<Throwable> REGION_FAILURE = t -> {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException
                    || c instanceof SQLTransientConnectionException
                    || c instanceof SQLNonTransientConnectionException
                    || (c instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    };
}
