package io.tandem.embedded;

/**
 * A real server started from Java on loopback.
 *
 * <p>{@link #start()} works from {@link ServerState#NEW} and, after {@link #stop()}, from {@link
 * ServerState#STOPPED}: a restart keeps the same directories and ports, so data written before the
 * stop is there after it. {@link #close()} stops the server if it runs and deletes the directories
 * the server created; it is idempotent and never throws for a server that failed to start.
 */
public interface EmbeddedServer extends AutoCloseable {

    /** A name for logs and errors, such as {@code postgres us-east}. */
    String name();

    ServerState state();

    /**
     * Starts the server and returns once it accepts clients.
     *
     * @throws IllegalStateException if the server is neither NEW nor STOPPED
     * @throws ServerStartException if the server could not start
     */
    void start();

    /**
     * Stops the server, keeping its directories and ports for a later {@link #start()}.
     *
     * @throws IllegalStateException if the server is not RUNNING
     */
    void stop();

    /** Stops the server if it runs and deletes its directories. Idempotent. */
    @Override
    void close();
}
