package io.tandem.chaos.proof;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.chaos.check.SingleWriterChecker;
import io.tandem.chaos.harness.ChaosRun;
import io.tandem.chaos.harness.Topology;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * With the fence trigger dropped in every region, non-owners' writes to owned rows are acknowledged,
 * and the single-writer checker says so.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
class FencingOffTest {

    @Test
    void singleWriterCheckerCatchesWritesAcceptedWithoutTheFence() throws Exception {
        try (ChaosRun run = ChaosRun.start(ChaosRun.Mode.IN_PROCESS)) {
            for (String region : Topology.REGIONS) {
                try (Connection c = run.cluster().db(region).getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("DROP TRIGGER tandem_fence ON public.orders");
                }
            }
            ChaosRun.Outcome outcome = Proofs.quietSchedule(run);
            System.out.println("FencingOffTest: fence trigger dropped everywhere");
            var result = Proofs.result(outcome, new SingleWriterChecker().name());
            assertFalse(result.passed(), "the single-writer checker must fail without the fence: " + result);
            assertTrue(result.explanation().contains("did not own"), result.explanation());
        }
    }
}
