package io.tandem.bench.replication;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** Waits until an id range is fully visible on the receiving side, polling with a deadline. */
final class Visibility {
    private Visibility() {}

    /** Returns the System.nanoTime() at which the whole range was first seen. */
    static long await(DataSource db, long from, long to, Duration timeout, Duration poll)
            throws SQLException, InterruptedException {
        long expected = to - from + 1;
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = OrdersWorkload.count(db, from, to);
            if (seen == expected) {
                return System.nanoTime();
            }
            Thread.sleep(poll.toMillis());
        }
        throw new IllegalStateException("only " + seen + " of " + expected + " rows visible after " + timeout);
    }
}
