package io.tandem.chaos.check;

import io.tandem.chaos.workload.AckedWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Invariant 3, single writer: for each owned shard group, no two regions had writes acknowledged in
 * the same epoch, and no region had a write acknowledged while the fence row it read in the same
 * transaction named another owner or a DRAINING state (a fenced region accepts none).
 */
public final class SingleWriterChecker implements Checker {

    @Override
    public String name() {
        return "single writer per group and epoch";
    }

    @Override
    public CheckResult check(CheckContext context) {
        Map<String, Set<String>> writers = new TreeMap<>();
        List<String> fenced = new ArrayList<>();
        long owned = 0;
        for (AckedWrite w : context.log().acked()) {
            if (!w.owned()) {
                continue;
            }
            owned++;
            writers.computeIfAbsent(w.group() + " epoch " + w.epoch(), k -> new TreeSet<>())
                    .add(w.region());
            if (!w.region().equals(w.ownerSeen()) || !"ACTIVE".equals(w.stateSeen())) {
                fenced.add(w.toString());
            }
        }
        StringBuilder problems = new StringBuilder();
        writers.forEach((groupEpoch, regions) -> {
            if (regions.size() > 1) {
                problems.append(groupEpoch)
                        .append(" written by ")
                        .append(regions)
                        .append("; ");
            }
        });
        if (!fenced.isEmpty()) {
            problems.append(fenced.size())
                    .append(" writes acknowledged by a region that did not own the group, first: ")
                    .append(fenced.subList(0, Math.min(3, fenced.size())));
        }
        String summary = owned + " owned writes over " + writers.size() + " (group, epoch) pairs: " + writers;
        return problems.isEmpty()
                ? CheckResult.pass(name(), summary)
                : CheckResult.fail(name(), problems + " (" + owned + " owned writes)");
    }
}
