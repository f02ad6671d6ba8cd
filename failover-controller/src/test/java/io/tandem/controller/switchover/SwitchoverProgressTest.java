package io.tandem.controller.switchover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.Json;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SwitchoverProgressTest {

    private static final long MS = 1_000_000L;

    private static Switchover catchingUp(long startedNanos, long fencedNanos) {
        return new Switchover(
                "sw-1",
                "orders",
                "us-east",
                "eu-west",
                SwitchoverState.CATCHING_UP,
                2,
                OptionalLong.of(4242),
                startedNanos,
                OptionalLong.of(fencedNanos));
    }

    @Test
    void aNewLeaderReadsTheSameStateAndTimesOnItsOwnMonotonicClock() {
        // leader A: monotonic origin 5_000 ms, wall 1_700_000_000_000 at that tick
        TickTime a = new TickTime(5_000 * MS, 1_700_000_000_000L);
        Switchover s = catchingUp(1_000 * MS, 1_100 * MS); // started 4 s ago, fenced 3.9 s ago
        SwitchoverProgress recorded = SwitchoverProgress.of(s, 1_200 * MS, a, "ap-south/host");
        assertEquals(1_700_000_000_000L - 4_000, recorded.startedAt());
        assertEquals(1_700_000_000_000L - 3_900, recorded.fencedAt());

        Intent intent = Intent.switchover("sw-1", "orders", "eu-west", Duration.ofSeconds(8), 0, "test")
                .withProgress(recorded);
        Intent read = Json.read(Json.write(intent), Intent.class, "/tandem/x/intents/orders");
        assertEquals(intent, read);

        // leader B reads it 2 s later (wall), with a monotonic clock of another origin
        TickTime b = new TickTime(77_000 * MS, 1_700_000_002_000L);
        Switchover resumed = read.progress().switchover("sw-1", "orders", "eu-west", b);
        assertEquals(SwitchoverState.CATCHING_UP, resumed.state());
        assertEquals(2, resumed.expectedEpoch());
        assertEquals(OptionalLong.of(4242), resumed.sourcePosition());
        assertEquals(6_000 * MS, b.nanos() - resumed.startedNanos()); // started 6 s before B's tick
        assertEquals(5_900 * MS, b.nanos() - resumed.fencedNanos().getAsLong());
        assertEquals(5_800 * MS, b.nanos() - read.progress().enteredNanos(b));
    }

    @Test
    void anIntentWithoutProgressReadsAsNotStarted() {
        String legacy = "{\"id\":\"sw-9\",\"kind\":\"SWITCHOVER\",\"group\":\"orders\",\"target\":\"eu-west\","
                + "\"force\":false,\"timeoutMillis\":5000,\"requestedAt\":0,\"requestedBy\":\"cli\"}";
        Intent read = Json.read(legacy.getBytes(java.nio.charset.StandardCharsets.UTF_8), Intent.class, "/x");
        assertEquals(null, read.progress());
    }

    @Test
    void catchingUpWithoutASourcePositionIsRefusedSayingWhatToDo() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new SwitchoverProgress("us-east", SwitchoverState.CATCHING_UP, 2, null, 0, 0L, 0, "a"));
        assertTrue(e.getMessage().contains("delete the intent and submit it again"), e.getMessage());
    }

    @Test
    void recognisesTheOwnershipWriteOfTheTransitionAPreviousLeaderDidNotRecord() {
        Switchover requested = Switchover.requested("sw-1", "orders", "us-east", "eu-west", 1, 0);
        assertEquals(
                Optional.of(SwitchoverTransition.REQUESTED_TO_FENCING),
                SwitchoverTransition.whoseWriteIs(
                        requested, new Ownership("orders", "us-east", 2, OwnershipState.DRAINING)));
        Switchover s = catchingUp(0, 0);
        assertEquals(
                Optional.of(SwitchoverTransition.CATCHING_UP_TO_HANDING_OVER),
                SwitchoverTransition.whoseWriteIs(s, new Ownership("orders", "eu-west", 3, OwnershipState.ACTIVE)));
        assertEquals(
                Optional.of(SwitchoverTransition.CATCHING_UP_TO_ROLLING_BACK),
                SwitchoverTransition.whoseWriteIs(s, new Ownership("orders", "us-east", 3, OwnershipState.ACTIVE)));
        // the recorded epoch itself, a jump of two, or a third region: not this switchover's write
        assertEquals(
                Optional.empty(),
                SwitchoverTransition.whoseWriteIs(s, new Ownership("orders", "us-east", 2, OwnershipState.DRAINING)));
        assertEquals(
                Optional.empty(),
                SwitchoverTransition.whoseWriteIs(s, new Ownership("orders", "eu-west", 4, OwnershipState.ACTIVE)));
        assertEquals(
                Optional.empty(),
                SwitchoverTransition.whoseWriteIs(s, new Ownership("orders", "ap-south", 3, OwnershipState.ACTIVE)));
    }
}
