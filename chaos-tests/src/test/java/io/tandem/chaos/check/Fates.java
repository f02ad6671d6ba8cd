package io.tandem.chaos.check;

import io.tandem.chaos.workload.AckedWrite;
import io.tandem.chaos.workload.Op;
import io.tandem.chaos.workload.VersionVectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Decides the {@link Fate} of each acknowledged write against one region's final state and every conflict log. */
final class Fates {
    private final FinalState state;
    private final List<FinalState.Conflict> conflicts = new ArrayList<>();
    private final Map<String, List<AckedWrite>> writesByKey = new HashMap<>();

    Fates(FinalState state, List<FinalState> all, List<AckedWrite> acked, List<AckedWrite> unknown) {
        this.state = state;
        all.forEach(s -> conflicts.addAll(s.conflicts()));
        for (List<AckedWrite> list : List.of(acked, unknown)) {
            list.forEach(w -> writesByKey
                    .computeIfAbsent(FinalState.key(w.table(), w.key()), k -> new ArrayList<>())
                    .add(w));
        }
    }

    Fate of(AckedWrite w) {
        String key = FinalState.key(w.table(), w.key());
        Map<String, Long> version = state.versionOf(key);
        if (version == null || !VersionVectors.covers(version, w.vv())) {
            return Fate.NOT_REPLICATED;
        }
        FinalState.Row row = state.rows().get(key);
        boolean present =
                switch (w.op()) {
                    case DELETE -> row == null && state.tombstones().containsKey(key);
                    case INSERT, UPDATE ->
                        row != null && w.value() != null && w.value().equals(row.value());
                    case INCREMENT -> true; // increments are checked as sums, per key
                };
        if (present) {
            return Fate.PRESENT;
        }
        for (AckedWrite later : writesByKey.getOrDefault(key, List.of())) {
            if (later != w && VersionVectors.dominates(later.vv(), w.vv()) && changesSameFields(later, w)) {
                return Fate.SUPERSEDED;
            }
        }
        for (FinalState.Conflict c : conflicts) {
            if (c.key().equals(key)
                    && (VersionVectors.covers(c.local(), w.vv()) || VersionVectors.covers(c.incoming(), w.vv()))) {
                return Fate.LOGGED;
            }
        }
        return Fate.LOST;
    }

    /** A relabel is not superseded by an increment: they change different columns. */
    private static boolean changesSameFields(AckedWrite later, AckedWrite w) {
        if (w.table().equals("public.carts")) {
            return later.op() == Op.INSERT || later.op() == Op.UPDATE;
        }
        return true;
    }
}
