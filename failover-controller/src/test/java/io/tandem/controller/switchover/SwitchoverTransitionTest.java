package io.tandem.controller.switchover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SwitchoverTransitionTest {

    @Test
    void happyPathAndRollbackAreLegal() {
        assertEquals(
                SwitchoverTransition.REQUESTED_TO_FENCING,
                SwitchoverTransition.between(SwitchoverState.REQUESTED, SwitchoverState.FENCING));
        assertEquals(
                SwitchoverTransition.FENCING_TO_CATCHING_UP,
                SwitchoverTransition.between(SwitchoverState.FENCING, SwitchoverState.CATCHING_UP));
        assertEquals(
                SwitchoverTransition.CATCHING_UP_TO_HANDING_OVER,
                SwitchoverTransition.between(SwitchoverState.CATCHING_UP, SwitchoverState.HANDING_OVER));
        assertEquals(
                SwitchoverTransition.HANDING_OVER_TO_DONE,
                SwitchoverTransition.between(SwitchoverState.HANDING_OVER, SwitchoverState.DONE));
        assertEquals(
                SwitchoverTransition.CATCHING_UP_TO_ROLLING_BACK,
                SwitchoverTransition.between(SwitchoverState.CATCHING_UP, SwitchoverState.ROLLING_BACK));
        assertEquals(
                SwitchoverTransition.ROLLING_BACK_TO_ROLLED_BACK,
                SwitchoverTransition.between(SwitchoverState.ROLLING_BACK, SwitchoverState.ROLLED_BACK));
    }

    @Test
    void everythingNotListedThrowsNamingTheLegalTargets() {
        int legal = 0;
        for (SwitchoverState from : SwitchoverState.values()) {
            for (SwitchoverState to : SwitchoverState.values()) {
                boolean listed = false;
                for (SwitchoverTransition t : SwitchoverTransition.values()) {
                    listed |= t.from() == from && t.to() == to;
                }
                if (listed) {
                    legal++;
                    assertEquals(to, SwitchoverTransition.between(from, to).to());
                } else {
                    IllegalStateException e =
                            assertThrows(IllegalStateException.class, () -> SwitchoverTransition.between(from, to));
                    assertTrue(
                            e.getMessage().startsWith("illegal switchover transition " + from + " -> " + to),
                            e.getMessage());
                }
            }
        }
        assertEquals(SwitchoverTransition.values().length, legal);
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> SwitchoverTransition.between(SwitchoverState.REQUESTED, SwitchoverState.DONE));
        assertTrue(e.getMessage().endsWith("the legal targets are: FENCING, REJECTED"), e.getMessage());
    }

    @Test
    void terminalStatesHaveNoWayOutAndEveryOtherStateHasOne() {
        Set<SwitchoverState> withExit = EnumSet.noneOf(SwitchoverState.class);
        for (SwitchoverTransition t : SwitchoverTransition.values()) {
            withExit.add(t.from());
        }
        for (SwitchoverState s : SwitchoverState.values()) {
            assertEquals(!s.terminal(), withExit.contains(s), s.name());
        }
        assertThrows(
                IllegalStateException.class,
                () -> SwitchoverTransition.between(SwitchoverState.DONE, SwitchoverState.ROLLING_BACK));
    }
}
