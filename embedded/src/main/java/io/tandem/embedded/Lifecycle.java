package io.tandem.embedded;

import java.util.concurrent.atomic.AtomicReference;

/** The state of one server, changed only by compare-and-set along {@link ServerState}'s moves. */
final class Lifecycle {
    private final String server;
    private final AtomicReference<ServerState> state = new AtomicReference<>(ServerState.NEW);

    Lifecycle(String server) {
        this.server = server;
    }

    ServerState current() {
        return state.get();
    }

    /**
     * Moves from {@code expected} to {@code next}.
     *
     * @throws IllegalStateException naming the server, the expected and the actual state, when the
     *     server is not in {@code expected}
     */
    void move(ServerState expected, ServerState next) {
        if (!expected.canMoveTo(next)) {
            throw new IllegalArgumentException(server + ": " + expected + " -> " + next + " is not a legal move");
        }
        if (!state.compareAndSet(expected, next)) {
            throw new IllegalStateException(server + ": expected state " + expected + " to move to " + next
                    + " but the state is " + state.get());
        }
    }

    /** Moves to {@link ServerState#CLOSED} and returns the state it left (CLOSED if already closed). */
    ServerState close() {
        return state.getAndSet(ServerState.CLOSED);
    }
}
