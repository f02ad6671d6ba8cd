package io.tandem.chaos.check;

import io.tandem.chaos.workload.AckedWrite;
import io.tandem.chaos.workload.Op;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 2, no silent loss: in every region, each acknowledged write is present, or superseded by
 * a causally later write, or included in a version a conflict log records; and each counter holds
 * at least the sum of its acknowledged increments and at most that plus the increments whose commit
 * outcome is unknown.
 */
public final class NoSilentLossChecker implements Checker {

    @Override
    public String name() {
        return "no silent loss";
    }

    @Override
    public CheckResult check(CheckContext context) throws Exception {
        List<FinalState> states = new ArrayList<>();
        for (var e : context.databases().entrySet()) {
            states.add(FinalState.read(e.getKey(), e.getValue()));
        }
        List<AckedWrite> acked = context.log().acked();
        List<AckedWrite> unknown = context.log().unknown();
        StringBuilder problems = new StringBuilder();
        Map<Fate, Integer> tally = new EnumMap<>(Fate.class);
        for (FinalState state : states) {
            Fates fates = new Fates(state, states, acked, unknown);
            List<String> bad = new ArrayList<>();
            for (AckedWrite w : acked) {
                Fate fate = fates.of(w);
                if (state == states.get(0)) {
                    tally.merge(fate, 1, Integer::sum);
                }
                if (!fate.accounted()) {
                    bad.add(fate + " " + w);
                }
            }
            if (!bad.isEmpty()) {
                problems.append(state.region())
                        .append(": ")
                        .append(bad.size())
                        .append(" acknowledged writes unaccounted for, first: ")
                        .append(bad.subList(0, Math.min(3, bad.size())))
                        .append("; ");
            }
            problems.append(counters(state, acked, unknown));
        }
        String summary = acked.size() + " acknowledged writes: " + tally;
        return problems.isEmpty()
                ? CheckResult.pass(name(), summary)
                : CheckResult.fail(name(), problems + "(" + summary + ")");
    }

    private static String counters(FinalState state, List<AckedWrite> acked, List<AckedWrite> unknown) {
        Map<String, Long> low = new HashMap<>();
        Map<String, Long> high = new HashMap<>();
        for (AckedWrite w : acked) {
            if (w.op() == Op.INCREMENT) {
                low.merge(FinalState.key(w.table(), w.key()), w.delta(), Long::sum);
                high.merge(FinalState.key(w.table(), w.key()), w.delta(), Long::sum);
            }
        }
        for (AckedWrite w : unknown) {
            if (w.op() == Op.INCREMENT) {
                high.merge(FinalState.key(w.table(), w.key()), w.delta(), Long::sum);
            }
        }
        StringBuilder b = new StringBuilder();
        int bad = 0;
        for (var e : high.entrySet()) {
            FinalState.Row row = state.rows().get(e.getKey());
            long min = low.getOrDefault(e.getKey(), 0L);
            long qty = row == null ? Long.MIN_VALUE : row.qty();
            if (qty < min || qty > e.getValue()) {
                if (bad++ < 3) {
                    b.append(e.getKey())
                            .append(" qty ")
                            .append(row == null ? "missing" : String.valueOf(qty))
                            .append(", acknowledged increments ")
                            .append(min)
                            .append(min == e.getValue() ? "" : " (+ up to " + (e.getValue() - min) + " unknown)")
                            .append("; ");
                }
            }
        }
        return bad == 0 ? "" : state.region() + ": " + bad + " counters off: " + b;
    }
}
