package io.tandem.resolver.simulation;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.CustomWinner;
import io.tandem.resolver.policy.DeleteMode;
import io.tandem.resolver.policy.TablePolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized multi-region simulation, per policy: every region converges to identical rows and
 * metadata, counters add up, delete-wins/update-wins hold, winners follow the policy, and every
 * concurrent overwrite is in the conflict log. Re-run a failing case with {@code -Dresolver.seed=N}.
 */
class ConvergenceSimulationTest {

    static final int CASES_PER_POLICY = Integer.getInteger("resolver.cases", 2_500);

    static Stream<Arguments> policies() {
        TablePolicy lww = TablePolicy.lastWriterWins().withColumn(Simulation.COUNTER, ColumnMode.COUNTER);
        return Stream.of(
                Arguments.of("last-writer-wins", lww),
                Arguments.of("delete-wins", lww.withDeletes(DeleteMode.DELETE_WINS)),
                Arguments.of("update-wins", lww.withDeletes(DeleteMode.UPDATE_WINS)),
                Arguments.of(
                        "region-priority",
                        TablePolicy.regionPriority(List.of("us-east", "eu-west"))
                                .withColumn(Simulation.COUNTER, ColumnMode.COUNTER)
                                .withDeletes(DeleteMode.DELETE_WINS)),
                Arguments.of(
                        "column-merge",
                        TablePolicy.columnMerge()
                                .withColumn(Simulation.COUNTER, ColumnMode.COUNTER)
                                .withColumn("status", ColumnMode.ROW_WINNER)
                                .withDeletes(DeleteMode.UPDATE_WINS)),
                Arguments.of(
                        "custom",
                        new TablePolicy(
                                        CustomWinner.load("io.tandem.resolver.spi.LowestRegionWins"),
                                        DeleteMode.DELETE_WINS,
                                        ColumnMode.LATEST_WRITE,
                                        new java.util.TreeMap<>())
                                .withColumn(Simulation.COUNTER, ColumnMode.COUNTER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void allRegionsConvergeAndKeepTheInvariants(String name, TablePolicy policy) {
        long base = Seeds.base();
        long conflicts = 0;
        for (int i = 0; i < CASES_PER_POLICY; i++) {
            long seed = base + i;
            Simulation sim;
            try {
                sim = new Simulation(seed, policy, Merge.RESOLVER).run();
            } catch (RuntimeException e) {
                throw new AssertionError(Seeds.rerun(name, seed) + ": simulation threw " + e, e);
            }
            List<String> violations = Oracle.check(sim);
            if (!violations.isEmpty()) {
                fail(Seeds.rerun(name, seed) + ":\n  " + String.join("\n  ", violations));
            }
            conflicts += sim.conflicts.size();
        }
        assertTrue(conflicts > CASES_PER_POLICY / 10, "the simulation should produce conflicts; got " + conflicts);
        System.out.println(
                name + ": " + CASES_PER_POLICY + " cases from seed " + base + ", " + conflicts + " conflicts resolved");
    }
}
