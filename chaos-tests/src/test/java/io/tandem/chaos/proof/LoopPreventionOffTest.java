package io.tandem.chaos.proof;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.chaos.check.NoLoopsChecker;
import io.tandem.chaos.harness.ChaosRun;
import io.tandem.replicator.capture.EventConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * With capture shipping the rows the applier wrote (the replicator's test-only switch), every change
 * travels on from each region that applies it, and the no-loops checker says so.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
class LoopPreventionOffTest {

    @Test
    void noLoopsCheckerCatchesAppliedRowsShippedAgain() throws Exception {
        System.setProperty(EventConverter.TEST_SHIP_APPLIED_ROWS, "true");
        try (ChaosRun run = ChaosRun.start(ChaosRun.Mode.IN_PROCESS)) {
            ChaosRun.Outcome outcome = Proofs.quietSchedule(run);
            System.out.println("LoopPreventionOffTest: capture ships applied rows too");
            var result = Proofs.result(outcome, new NoLoopsChecker().name());
            assertFalse(result.passed(), "the no-loops checker must fail with loop prevention off: " + result);
            assertTrue(result.explanation().contains("shipped"), result.explanation());
        } finally {
            System.clearProperty(EventConverter.TEST_SHIP_APPLIED_ROWS);
        }
    }
}
