package io.tandem.controller;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The lifecycle of a long-lived component: LATENT → STARTED → CLOSED, moved by compare-and-set.
 * Misuse (start twice, start after close) throws naming the expected and actual state.
 */
public final class Lifecycle {

    /** The states, in order. */
    public enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final String component;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

    public Lifecycle(String component) {
        this.component = component;
    }

    /** LATENT → STARTED, or throws {@link IllegalStateException}. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException(
                    component + " cannot start: expected state LATENT but was " + state.get() + " (create a new one)");
        }
    }

    /** Moves to CLOSED; returns true only for the call that did it, so close() can be idempotent. */
    public boolean close() {
        return state.getAndSet(State.CLOSED) != State.CLOSED;
    }

    /** The current state. */
    public State get() {
        return state.get();
    }

    public void requireStarted(String action) {
        State s = state.get();
        if (s != State.STARTED) {
            throw new IllegalStateException(component + " cannot " + action + ": expected state STARTED but was " + s);
        }
    }
}
