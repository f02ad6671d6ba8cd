package io.tandem.cli.check;

import io.tandem.replicator.reconcile.TableDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a consistency check found: PENDING while a region has not answered, CONSISTENT when every
 * region holds the same digest of every table, DIFFERS otherwise, naming each differing table and
 * how each region sees it.
 *
 * @param id the check's id
 * @param state the outcome
 * @param waitingFor regions that have not answered yet
 * @param differing per differing table, each region's rows and checksum (or why it has none)
 * @param problems what the regions reported as making their answers less than exact
 */
public record CheckVerdict(
        String id,
        State state,
        List<String> waitingFor,
        Map<String, Map<String, String>> differing,
        List<String> problems) {

    /** A check's outcome. */
    public enum State {
        PENDING,
        CONSISTENT,
        DIFFERS
    }

    public CheckVerdict {
        waitingFor = List.copyOf(waitingFor);
        Map<String, Map<String, String>> sorted = new TreeMap<>();
        differing.forEach(
                (table, seen) -> sorted.put(table, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seen))));
        differing = java.util.Collections.unmodifiableMap(sorted);
        problems = List.copyOf(problems);
    }

    /** The verdict on {@code answers} for a cluster of {@code regions}. */
    public static CheckVerdict of(String id, List<String> regions, Map<String, RegionDigests> answers) {
        List<String> waiting =
                regions.stream().filter(r -> !answers.containsKey(r)).toList();
        List<String> problems = new ArrayList<>();
        answers.values().forEach(a -> a.problems().forEach(p -> problems.add(a.region() + ": " + p)));
        if (!waiting.isEmpty()) {
            return new CheckVerdict(id, State.PENDING, waiting, Map.of(), problems);
        }
        TreeSet<String> tables = new TreeSet<>();
        answers.values().forEach(a -> tables.addAll(a.tables().keySet()));
        Map<String, Map<String, String>> differing = new TreeMap<>();
        for (String table : tables) {
            Map<String, String> seen = new LinkedHashMap<>();
            for (String region : regions) {
                TableDigest d = answers.get(region).tables().get(table);
                seen.put(region, d == null ? "(not digested)" : d.rows() + " rows, checksum " + d.checksum());
            }
            if (new TreeSet<>(seen.values()).size() > 1 || seen.containsValue("(not digested)")) {
                differing.put(table, seen);
            }
        }
        return new CheckVerdict(
                id, differing.isEmpty() ? State.CONSISTENT : State.DIFFERS, List.of(), differing, problems);
    }

    /** One line, e.g. {@code check check-0000000004 result=differs tables=public.orders}. */
    public String summary() {
        StringBuilder line = new StringBuilder("check ")
                .append(id)
                .append(" result=")
                .append(state.name().toLowerCase(java.util.Locale.ROOT));
        if (state == State.PENDING) {
            line.append(" waiting_for=").append(String.join(",", waitingFor));
        }
        if (state == State.DIFFERS) {
            line.append(" tables=").append(String.join(",", differing.keySet()));
        }
        return line.toString();
    }
}
