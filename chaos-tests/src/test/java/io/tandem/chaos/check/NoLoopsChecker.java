package io.tandem.chaos.check;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.chaos.harness.Topology;

/**
 * Invariant 4, no loops: replication traffic is bounded by the writes made. Each region's topic
 * holds at most the row changes that may have committed there (acknowledged or of unknown outcome),
 * and each region applies from a peer at most what that peer may have written (from the
 * {@code tandem.apply.applied} meters, where the daemons run in this JVM), plus a margin (10% + 10) for the
 * re-delivery a crashed capture or a rewound applier is allowed (duplicates are skipped, not applied).
 * With loop prevention off, every applied row is shipped again and traffic is a multiple of the writes.
 */
public final class NoLoopsChecker implements Checker {
    static final double MARGIN = 0.10;
    static final long SLACK = 10;

    @Override
    public String name() {
        return "no loops";
    }

    static long allowed(long writes) {
        return writes + (long) (writes * MARGIN) + SLACK;
    }

    @Override
    public CheckResult check(CheckContext context) {
        StringBuilder problems = new StringBuilder();
        StringBuilder figures = new StringBuilder();
        for (String region : Topology.REGIONS) {
            MeterRegistry registry = context.registries().get(region);
            long writes = context.log().possibleWrites(region);
            long shipped = context.shipped().get(region);
            figures.append(region)
                    .append(" wrote <= ")
                    .append(writes)
                    .append(", shipped ")
                    .append(shipped);
            if (shipped > allowed(writes)) {
                problems.append(region)
                        .append(" shipped ")
                        .append(shipped)
                        .append(" events for at most ")
                        .append(writes)
                        .append(" local writes; ");
            }
            for (String peer : registry == null ? java.util.List.<String>of() : Topology.peersOf(region)) {
                long applied =
                        (long) registry.find("tandem.apply.applied").tag("source_region", peer).counters().stream()
                                .filter(c ->
                                        !"tandem.heartbeat".equals(c.getId().getTag("table")))
                                .mapToDouble(Counter::count)
                                .sum();
                long peerWrites = context.log().possibleWrites(peer);
                figures.append(", applied ").append(applied).append(" of ").append(peer);
                if (applied > allowed(peerWrites)) {
                    problems.append(region)
                            .append(" applied ")
                            .append(applied)
                            .append(" changes from ")
                            .append(peer)
                            .append(", which wrote at most ")
                            .append(peerWrites)
                            .append("; ");
                }
            }
            figures.append("; ");
        }
        return problems.isEmpty()
                ? CheckResult.pass(name(), figures.toString().trim())
                : CheckResult.fail(name(), problems + "(" + figures.toString().trim() + ")");
    }
}
