package io.tandem.cli;

/** Exit codes scripts can rely on. */
public final class ExitCodes {
    private ExitCodes() {}

    /** Success. */
    public static final int OK = 0;
    /** The action ran and failed (e.g. a switchover rolled back). */
    public static final int FAILED = 1;
    /** Bad command-line usage: unknown option or value (Picocli's convention). */
    public static final int USAGE = 2;
    /** The configuration is invalid; every problem was printed with its key. */
    public static final int BAD_CONFIG = 3;
    /** The action was refused by a safety rule; the reason was printed. */
    public static final int REFUSED = 4;
    /** A required service (ZooKeeper, PostgreSQL, Kafka) could not be reached. */
    public static final int UNAVAILABLE = 5;
}
