package io.tandem.replicator.ship;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replicator.capture.CaptureGapException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CaptureSupervisorTest {
    @Test
    void aMissingSlotOrAPermanentKafkaErrorStopsRestartsWhereverItIsInTheCauseChain() {
        assertTrue(CaptureSupervisor.permanent(new ExecutionException(new CaptureGapException("slot lost"))));
        assertTrue(CaptureSupervisor.permanent(
                new ExecutionException(new ShipException("record too large", false, null))));
    }

    @Test
    void outagesAreRetried() {
        assertFalse(CaptureSupervisor.permanent(new ExecutionException(new ShipException("timeout", true, null))));
        assertFalse(CaptureSupervisor.permanent(new IllegalStateException("connection reset")));
    }
}
