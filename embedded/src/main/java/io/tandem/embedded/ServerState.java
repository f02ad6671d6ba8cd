package io.tandem.embedded;

import java.util.Set;

/**
 * Where an embedded server is in its life. Every legal move is listed here, once.
 *
 * <pre>
 * NEW ──▶ STARTING ──▶ RUNNING ──▶ STOPPING ──▶ STOPPED ──▶ STARTING (restart)
 *            │                                     ▲
 *            └───────────── (start failed) ────────┘
 * any state ──▶ CLOSED (terminal)
 * </pre>
 */
public enum ServerState {
    NEW,
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    CLOSED;

    /** Whether moving from this state to {@code next} is a legal transition. */
    public boolean canMoveTo(ServerState next) {
        return next == CLOSED || successors().contains(next);
    }

    private Set<ServerState> successors() {
        return switch (this) {
            case NEW -> Set.of(STARTING);
            case STARTING -> Set.of(RUNNING, STOPPED);
            case RUNNING -> Set.of(STOPPING);
            case STOPPING -> Set.of(STOPPED);
            case STOPPED -> Set.of(STARTING);
            case CLOSED -> Set.of();
        };
    }
}
