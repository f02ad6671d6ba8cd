package io.tandem.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the demo measured and checked. {@link #ok()} holds when nothing acknowledged was lost, the
 * regions converged, the counters add up, and the switchover and failover both happened.
 *
 * @param regions how many regions ran
 * @param rowsByRegion orders and carts rows per region at the end
 * @param divergence rows that still differ between regions after quiescence
 * @param conflicts conflicts resolved and logged, all regions together
 * @param ackedWrites writes the databases acknowledged
 * @param refusedWrites writes a database refused because its region did not own the group then
 * @param lostOrders acknowledged orders missing from some region at the end
 * @param counterExpected cart increments acknowledged
 * @param counterActual the sum of cart counters, per region
 * @param switchoverPauseMs the write pause the controller reported for the planned switchover, or -1
 * @param failoverMs from the owner region's crash to the first write acknowledged by its successor, or -1
 * @param rpoOrders acknowledged orders of the failed group its successor did not have when it took over
 * @param problems what went wrong, if anything
 */
record DemoReport(
        int regions,
        Map<String, String> rowsByRegion,
        long divergence,
        long conflicts,
        long ackedWrites,
        long refusedWrites,
        long lostOrders,
        long counterExpected,
        Map<String, Long> counterActual,
        long switchoverPauseMs,
        long failoverMs,
        long rpoOrders,
        List<String> problems) {

    boolean ok() {
        return problems.isEmpty();
    }

    static List<String> problemsOf(
            long divergence,
            long lostOrders,
            long counterExpected,
            Map<String, Long> counterActual,
            long switchoverPauseMs,
            long failoverMs) {
        List<String> problems = new ArrayList<>();
        if (divergence != 0) {
            problems.add(divergence + " row(s) still differ between regions");
        }
        if (lostOrders != 0) {
            problems.add(lostOrders + " acknowledged order(s) are missing somewhere");
        }
        counterActual.forEach((region, sum) -> {
            if (sum != counterExpected) {
                problems.add("cart counters in " + region + " add up to " + sum + ", expected " + counterExpected);
            }
        });
        if (switchoverPauseMs < 0) {
            problems.add("the planned switchover did not complete");
        }
        if (failoverMs < 0) {
            problems.add("the failover did not complete");
        }
        return problems;
    }

    void print(PrintWriter out) {
        out.println();
        out.println("summary");
        out.printf("  %-34s %s%n", "rows per region (orders, carts)", rowsByRegion);
        out.printf("  %-34s %d%n", "divergence (rows differing)", divergence);
        out.printf("  %-34s %d%n", "conflicts resolved and logged", conflicts);
        out.printf("  %-34s %d acknowledged, %d refused by fencing%n", "writes", ackedWrites, refusedWrites);
        out.printf("  %-34s %d%n", "acknowledged orders lost", lostOrders);
        out.printf(
                "  %-34s expected %d, got %s%n", "cart counters (sum of increments)", counterExpected, counterActual);
        out.printf(
                "  %-34s %s%n",
                "switchover write pause", switchoverPauseMs < 0 ? "did not complete" : switchoverPauseMs + " ms");
        out.printf(
                "  %-34s %s%n",
                "failover (crash to first write)", failoverMs < 0 ? "did not complete" : failoverMs + " ms");
        out.printf(
                "  %-34s %d acknowledged order(s) not yet at the successor at takeover; delivered when the region"
                        + " returned%n",
                "failover RPO", rpoOrders);
        problems.forEach(p -> out.println("  PROBLEM: " + p));
        out.printf(
                "demo result=%s regions=%d divergence=%d conflicts=%d switchover_pause_ms=%d failover_ms=%d%n",
                ok() ? "ok" : "fail", regions, divergence, conflicts, switchoverPauseMs, failoverMs);
        out.flush();
    }
}
