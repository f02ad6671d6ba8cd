package io.tandem.chaos.harness;

/**
 * One region's Tandem daemon as the harness drives it: capture and apply, the controller participant,
 * the fence. Implemented in-process today ({@link InProcessRegion}); a child-process implementation
 * running {@code tandem daemon --config region.yaml} plugs in here without touching the schedules.
 *
 * <p>Every method is idempotent where that makes sense: killing a killed region does nothing.
 */
public interface RegionRuntime extends AutoCloseable {

    String region();

    /** Starts the daemon (again), resuming from its stored positions. */
    void start();

    /** Stops it abruptly, as {@code kill -9} would: nothing is drained. */
    void kill();

    /** Freezes it where it stands (SIGSTOP for a process). */
    void pause();

    /** Thaws it after {@link #pause()}. */
    void resume();

    /** Kill then start. */
    default void restart() {
        kill();
        start();
    }

    boolean running();

    /** Waits until the daemon says it is healthy and replicating; false if it did not within {@code timeout}. */
    default boolean awaitReady(java.time.Duration timeout) {
        return true;
    }

    /** Empty when healthy; otherwise what is wrong (a failed applier, capture gave up). */
    java.util.Optional<String> problem();

    /** How this runtime runs the daemon, for reports ("in-process", "child JVM pid 1234"). */
    String describe();

    @Override
    void close();
}
