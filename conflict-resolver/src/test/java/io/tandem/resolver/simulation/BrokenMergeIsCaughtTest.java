package io.tandem.resolver.simulation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.TablePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulation is only worth something if it fails a resolver that does not converge. */
class BrokenMergeIsCaughtTest {

    @Test
    void causalOrderElseTieBreakByRegionIsReportedAsDivergence() {
        TablePolicy policy = TablePolicy.lastWriterWins().withColumn(Simulation.COUNTER, ColumnMode.COUNTER);
        long base = Seeds.base();
        int diverged = 0;
        String example = null;
        for (int i = 0; i < 300; i++) {
            Simulation sim = new Simulation(base + i, policy, new NaiveCausalMerge()).run();
            List<String> violations = Oracle.check(sim);
            if (violations.stream().anyMatch(v -> v.startsWith("Convergence"))) {
                diverged++;
                example = example == null ? "seed " + (base + i) + ": " + violations.get(0) : example;
            }
        }
        assertTrue(diverged > 0, "300 simulations from seed " + base + " did not detect the naive resolver diverging");
        System.out.println("naive resolver diverged in " + diverged + "/300 cases, e.g. " + example);
    }

    @Test
    void maxByRegionIsCaughtEvenWhenRegionsConverge() {
        TablePolicy policy = TablePolicy.lastWriterWins().withColumn(Simulation.COUNTER, ColumnMode.COUNTER);
        long base = Seeds.base();
        int convergedButWrong = 0;
        String example = null;
        for (int i = 0; i < 300; i++) {
            Simulation sim = new Simulation(base + i, policy, new MaxRegionMerge()).run();
            List<String> violations = Oracle.check(sim);
            if (!violations.isEmpty() && violations.stream().noneMatch(v -> v.startsWith("Convergence"))) {
                convergedButWrong++;
                example = example == null ? "seed " + (base + i) + ": " + violations.get(0) : example;
            }
        }
        assertTrue(
                convergedButWrong > 0,
                "300 simulations from seed " + base + " never caught max-by-region in a run where the regions agreed");
        System.out.println(
                "max-by-region: caught in " + convergedButWrong + "/300 runs where regions agreed, e.g. " + example);
    }
}
