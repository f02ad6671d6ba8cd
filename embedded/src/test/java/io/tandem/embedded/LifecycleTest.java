package io.tandem.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void allowsTheDocumentedMovesOnly() {
        assertTrue(ServerState.NEW.canMoveTo(ServerState.STARTING));
        assertTrue(ServerState.STARTING.canMoveTo(ServerState.RUNNING));
        assertTrue(ServerState.STARTING.canMoveTo(ServerState.STOPPED));
        assertTrue(ServerState.RUNNING.canMoveTo(ServerState.STOPPING));
        assertTrue(ServerState.STOPPING.canMoveTo(ServerState.STOPPED));
        assertTrue(ServerState.STOPPED.canMoveTo(ServerState.STARTING));
        for (ServerState s : ServerState.values()) {
            assertTrue(s.canMoveTo(ServerState.CLOSED), s + " -> CLOSED");
        }
        assertFalse(ServerState.NEW.canMoveTo(ServerState.RUNNING));
        assertFalse(ServerState.RUNNING.canMoveTo(ServerState.STARTING));
        assertFalse(ServerState.CLOSED.canMoveTo(ServerState.STARTING));
    }

    @Test
    void misuseNamesTheServerAndTheExpectedAndActualStates() {
        Lifecycle lifecycle = new Lifecycle("kafka us-east");
        lifecycle.move(ServerState.NEW, ServerState.STARTING);

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> lifecycle.move(ServerState.NEW, ServerState.STARTING));

        assertTrue(e.getMessage().contains("kafka us-east"), e.getMessage());
        assertTrue(e.getMessage().contains("expected state NEW"), e.getMessage());
        assertTrue(e.getMessage().contains("is STARTING"), e.getMessage());
    }

    @Test
    void refusesAnIllegalMoveEvenFromTheRightState() {
        Lifecycle lifecycle = new Lifecycle("postgres eu-west");
        assertThrows(IllegalArgumentException.class, () -> lifecycle.move(ServerState.NEW, ServerState.RUNNING));
        assertEquals(ServerState.NEW, lifecycle.current());
    }

    @Test
    void closeIsTerminalAndReportsWhatItLeft() {
        Lifecycle lifecycle = new Lifecycle("zookeeper 1");
        assertEquals(ServerState.NEW, lifecycle.close());
        assertEquals(ServerState.CLOSED, lifecycle.close());
        assertThrows(IllegalStateException.class, () -> lifecycle.move(ServerState.NEW, ServerState.STARTING));
    }
}
