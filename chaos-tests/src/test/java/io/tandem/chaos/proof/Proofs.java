package io.tandem.chaos.proof;

import io.tandem.chaos.check.CheckResult;
import io.tandem.chaos.harness.ChaosRun;
import io.tandem.chaos.schedule.Schedule;
import java.time.Duration;
import java.util.List;

/**
 * Shared by the tests that switch a safety mechanism off and expect its checker to fail. They run the
 * daemons in the test JVM ({@link ChaosRun.Mode#IN_PROCESS}): they prove the checkers, not the
 * runtime, it is the quicker start, and the loop-prevention switch is a system property of the JVM
 * that runs capture.
 */
final class Proofs {
    private Proofs() {}

    /** Runs the workload for a few seconds with no fault, then every checker. */
    static ChaosRun.Outcome quietSchedule(ChaosRun run) throws Exception {
        return run.run(new Schedule(0, List.of(), Duration.ofSeconds(6)));
    }

    static CheckResult result(ChaosRun.Outcome outcome, String checker) {
        CheckResult r = outcome.results().stream()
                .filter(c -> c.checker().equals(checker))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no checker named " + checker));
        System.out.println("  " + r);
        return r;
    }
}
