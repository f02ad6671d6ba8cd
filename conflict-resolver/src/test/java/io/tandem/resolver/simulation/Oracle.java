package io.tandem.resolver.simulation;

import io.tandem.resolver.ConflictRecord;
import io.tandem.resolver.Outcome;
import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.DeleteMode;
import io.tandem.resolver.policy.LastWriterWins;
import io.tandem.resolver.policy.RegionPriority;
import io.tandem.resolver.row.RowVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The named invariants, checked against what the simulation knows about every write (not against the
 * resolver's own bookkeeping). Each violation is a sentence naming the invariant.
 */
final class Oracle {

    private final Simulation sim;
    private final List<String> violations = new ArrayList<>();

    private Oracle(Simulation sim) {
        this.sim = sim;
    }

    static List<String> check(Simulation sim) {
        Oracle o = new Oracle(sim);
        for (String key : sim.rowKeys) {
            List<SimWrite> writes =
                    sim.writes.stream().filter(w -> w.row().equals(key)).toList();
            if (!writes.isEmpty()) {
                o.checkRow(key, writes);
            }
        }
        return o.violations;
    }

    private void violation(String invariant, String row, String detail) {
        violations.add(invariant + " violated on " + row + ": " + detail);
    }

    private void checkRow(String key, List<SimWrite> writes) {
        RowVersion first = sim.regions.get(0).rows.get(key);
        for (Region r : sim.regions) {
            RowVersion v = r.rows.get(key);
            if (v == null) {
                violation("Convergence", key, r.id + " never received the row");
                return;
            }
            if (!v.equals(first) || !v.meta().toJson().equals(first.meta().toJson())) {
                violation(
                        "Convergence", key, sim.regions.get(0).id + " holds " + first + " but " + r.id + " holds " + v);
                return;
            }
        }
        RowVersion row = first;
        long expectedCounter = writes.stream().mapToLong(SimWrite::counterDelta).sum();
        if (row.meta().counterValue(Simulation.COUNTER) != expectedCounter) {
            violation(
                    "CounterSum",
                    key,
                    "counter is " + row.meta().counterValue(Simulation.COUNTER) + ", the sum of all deltas is "
                            + expectedCounter);
        }
        if (!row.deleted() && !Objects.equals(row.values().get(Simulation.COUNTER), expectedCounter)) {
            violation(
                    "CounterSum",
                    key,
                    "visible counter " + row.values().get(Simulation.COUNTER) + " != " + expectedCounter);
        }
        checkDeletion(key, writes, row);
        checkWinner(key, writes, row);
        checkColumnMerge(key, writes, row);
        checkConflictsRecorded(key, writes, row);
        checkIdempotent(key, writes);
    }

    private void checkDeletion(String key, List<SimWrite> writes, RowVersion row) {
        DeleteMode mode = sim.policy.deletes();
        if (mode == DeleteMode.DELETE_WINS) {
            // Deleted iff some delete was seen by no update (only a causally later write revives).
            Optional<SimWrite> unrevived = writes.stream()
                    .filter(SimWrite::deleted)
                    .filter(d -> writes.stream().noneMatch(u -> !u.deleted() && u.hasSeen(d)))
                    .findFirst();
            if (unrevived.isPresent() != row.deleted()) {
                violation(
                        "DeleteWins",
                        key,
                        unrevived
                                .map(d -> d + " was seen by no update, yet the row is live")
                                .orElse("every delete was seen by a later update, yet the row is deleted"));
            }
        } else if (mode == DeleteMode.UPDATE_WINS) {
            // Deleted iff every update was seen by some delete.
            Optional<SimWrite> surviving = writes.stream()
                    .filter(u -> !u.deleted())
                    .filter(u -> writes.stream().noneMatch(d -> d.deleted() && d.hasSeen(u)))
                    .findFirst();
            if (surviving.isEmpty() != row.deleted()) {
                violation(
                        "UpdateWins",
                        key,
                        surviving
                                .map(u -> u + " was seen by no delete, yet the row is deleted")
                                .orElse("every update was seen by a delete, yet the row is live"));
            }
        }
    }

    /** The row winner, recomputed from the global history: the causally maximal writes, narrowed, ranked. */
    private void checkWinner(String key, List<SimWrite> writes, RowVersion row) {
        List<SimWrite> frontier = writes.stream()
                .filter(w -> writes.stream().noneMatch(x -> x.hasSeen(w)))
                .toList();
        List<SimWrite> candidates =
                switch (sim.policy.deletes()) {
                    case LAST_WRITER -> frontier;
                    case DELETE_WINS -> narrow(frontier, true);
                    case UPDATE_WINS -> narrow(frontier, false);
                };
        Comparator<SimWrite> order;
        if (sim.policy.winner() instanceof LastWriterWins) {
            order = Comparator.comparing(SimWrite::stamp);
        } else if (sim.policy.winner() instanceof RegionPriority p) {
            Comparator<SimWrite> byRank = Comparator.comparingInt(w -> {
                int i = p.regions().indexOf(w.origin());
                return -(i < 0 ? p.regions().size() : i);
            });
            order = byRank.thenComparing(SimWrite::stamp);
        } else {
            return; // a custom rule: convergence and the other invariants still apply
        }
        SimWrite winner = candidates.stream().max(order).orElseThrow();
        if (sim.policy.deletes() == DeleteMode.LAST_WRITER && winner.deleted() != row.deleted()) {
            violation("WinnerDecidesDeletion", key, "winner " + winner + " but row deleted=" + row.deleted());
        }
        if (!row.winner().equals(winner.stamp())) {
            violation(
                    "Winner",
                    key,
                    "expected winner " + winner + " (" + sim.policy.winner().name() + "), row shows " + row.winner());
        }
        if (!row.deleted()) {
            TreeMap<String, Object> shown = new TreeMap<>();
            row.values().forEach((c, v) -> {
                if (sim.policy.modeOf(c) == ColumnMode.ROW_WINNER) {
                    shown.put(c, v);
                }
            });
            if (!shown.equals(winner.image())) {
                violation("RowWinnerValues", key, "expected " + winner.image() + " from " + winner + ", got " + shown);
            }
        }
    }

    private static List<SimWrite> narrow(List<SimWrite> frontier, boolean deleted) {
        List<SimWrite> matching =
                frontier.stream().filter(w -> w.deleted() == deleted).toList();
        return matching.isEmpty() ? frontier : matching;
    }

    /** Each column-merge column shows the latest (hlc, region) write that changed it. */
    private void checkColumnMerge(String key, List<SimWrite> writes, RowVersion row) {
        if (row.deleted()) {
            return;
        }
        for (String column : Simulation.PLAIN_COLUMNS) {
            if (sim.policy.modeOf(column) != ColumnMode.LATEST_WRITE) {
                continue;
            }
            Optional<SimWrite> latest = writes.stream()
                    .filter(w -> w.changed().containsKey(column))
                    .max(Comparator.comparing(SimWrite::stamp));
            Object expected = latest.map(w -> w.changed().get(column)).orElse(null);
            if (!Objects.equals(expected, row.values().get(column))) {
                violation(
                        "ColumnMerge",
                        key,
                        column + " should be " + expected + " from " + latest.orElse(null) + ", row shows "
                                + row.values().get(column));
            }
        }
    }

    /** A write whose effect the final row does not descend from lost a conflict, and that was recorded. */
    private void checkConflictsRecorded(String key, List<SimWrite> writes, RowVersion row) {
        for (SimWrite w : writes) {
            if (!lostSilently(w, row)) {
                continue;
            }
            boolean recorded = false;
            for (ConflictRecord c : sim.conflicts) {
                boolean inLocal = c.local().vv().coversDot(w.origin(), w.dot());
                boolean inIncoming = c.incoming().vv().coversDot(w.origin(), w.dot());
                if (inLocal != inIncoming) {
                    recorded = true;
                    break;
                }
            }
            if (!recorded) {
                violation(
                        "ConflictRecorded",
                        key,
                        w + " was overwritten by the concurrent winner " + row.winner() + " without a conflict record");
            }
        }
    }

    /** True if the row's winning write has not seen {@code w}: w's row image was superseded by a rival. */
    private boolean lostSilently(SimWrite w, RowVersion row) {
        SimWrite winner = sim.writes.stream()
                .filter(x -> x.row().equals(w.row()) && x.stamp().equals(row.winner()))
                .findFirst()
                .orElseThrow();
        return winner != w && !winner.hasSeen(w);
    }

    /** Delivering any version again changes nothing. */
    private void checkIdempotent(String key, List<SimWrite> writes) {
        Region r = sim.regions.get(sim.random.nextInt(sim.regions.size()));
        RowVersion held = r.rows.get(key);
        var again = sim.merge.resolve(Optional.of(held), held, sim.policy, Instant.EPOCH);
        if (again.outcome() != Outcome.SKIP || !again.row().equals(held)) {
            violation("Idempotence", key, "re-delivering the held version gave " + again.outcome());
        }
    }
}
