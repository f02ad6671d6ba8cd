package io.tandem.embedded;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every embedded server shares: state moves by compare-and-set, a failed start leaves
 * the server STOPPED (so {@link #close()} still cleans up), and close deletes the server's directory.
 * Subclasses supply only the mechanism: {@link #startServer(boolean)} and {@link #stopServer()}.
 */
public abstract class ManagedServer implements EmbeddedServer {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedServer.class);

    private final String name;
    private final Path directory;
    private final Lifecycle lifecycle;
    /** Whether a start ever succeeded: until then every start is a first start (format, choose ports). */
    private boolean everStarted;

    /**
     * @param name for logs and errors, such as {@code kafka us-east}
     * @param directory the directory this server owns: deleted on {@link #close()}
     */
    protected ManagedServer(String name, Path directory) {
        this.name = name;
        this.directory = directory;
        this.lifecycle = new Lifecycle(name);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ServerState state() {
        return lifecycle.current();
    }

    /** The directory this server keeps everything in; deleted on close. */
    public final Path directory() {
        return directory;
    }

    @Override
    public final synchronized void start() {
        ServerState from = lifecycle.current();
        if (from != ServerState.NEW && from != ServerState.STOPPED) {
            throw new IllegalStateException(name + ": expected state NEW or STOPPED to start but the state is " + from);
        }
        lifecycle.move(from, ServerState.STARTING);
        long began = System.nanoTime();
        boolean firstStart = !everStarted;
        try {
            startServer(firstStart);
        } catch (RuntimeException | Error e) {
            lifecycle.move(ServerState.STARTING, ServerState.STOPPED);
            stopQuietlyAfterFailedStart(e);
            throw e;
        }
        everStarted = true;
        lifecycle.move(ServerState.STARTING, ServerState.RUNNING);
        LOG.info("{} {} in {} ms", name, firstStart ? "started" : "restarted", (System.nanoTime() - began) / 1_000_000);
    }

    @Override
    public final void stop() {
        stopBy("stopped", this::stopServer);
    }

    /**
     * Moves RUNNING -> STOPPING, runs {@code stopper}, then moves to STOPPED whatever happened: for
     * subclasses that offer another way to stop, such as a crash.
     *
     * @param how says in the log how the server stopped
     */
    protected final synchronized void stopBy(String how, Runnable stopper) {
        lifecycle.move(ServerState.RUNNING, ServerState.STOPPING);
        try {
            stopper.run();
        } finally {
            lifecycle.move(ServerState.STOPPING, ServerState.STOPPED);
        }
        LOG.info("{} {}", name, how);
    }

    /** Stops the server if it runs and deletes its directory. Idempotent; safe after a failed start. */
    @Override
    public final synchronized void close() {
        ServerState left = lifecycle.close();
        if (left == ServerState.CLOSED) {
            return;
        }
        try {
            if (left == ServerState.RUNNING) {
                stopServer();
            }
        } finally {
            Directories.deleteRecursively(directory);
        }
        LOG.info("{} closed, {} deleted", name, directory);
    }

    /** Throws unless the server is RUNNING; for accessors that only make sense while it runs. */
    protected final void requireRunning(String what) {
        ServerState now = lifecycle.current();
        if (now != ServerState.RUNNING) {
            throw new IllegalStateException(name + ": " + what + " needs state RUNNING but the state is " + now);
        }
    }

    private void stopQuietlyAfterFailedStart(Throwable failure) {
        try {
            stopServer();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Starts the server process or threads and returns once clients can connect.
     *
     * @param firstStart true until a start succeeds: format or initialise storage, choose ports
     */
    protected abstract void startServer(boolean firstStart);

    /** Stops what {@link #startServer} started; must tolerate a partially started server. */
    protected abstract void stopServer();

    @Override
    public String toString() {
        return name + " [" + state() + "]";
    }
}
