package io.tandem.replicator.apply;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders the tables of a batch for writing so foreign keys hold at every statement: parents before
 * children for inserts and updates, children before parents for deletes. Tables unrelated by a
 * foreign key keep the order in which the batch first touched them; a cycle falls back to that order.
 */
final class TableOrder {
    private TableOrder() {}

    /**
     * @param tables the batch's tables in first-touch order
     * @param parents for each table, the tables its foreign keys reference
     */
    static List<String> parentsFirst(List<String> tables, Map<String, Set<String>> parents) {
        return order(tables, (candidate, remaining) -> remaining.stream()
                .noneMatch(other -> !other.equals(candidate)
                        && parents.getOrDefault(candidate, Set.of()).contains(other)));
    }

    static List<String> childrenFirst(List<String> tables, Map<String, Set<String>> parents) {
        return order(tables, (candidate, remaining) -> remaining.stream()
                .noneMatch(other -> !other.equals(candidate)
                        && parents.getOrDefault(other, Set.of()).contains(candidate)));
    }

    private interface Ready {
        boolean test(String candidate, Set<String> remaining);
    }

    private static List<String> order(List<String> tables, Ready ready) {
        Set<String> remaining = new LinkedHashSet<>(tables);
        List<String> ordered = new ArrayList<>(tables.size());
        while (!remaining.isEmpty()) {
            String next = remaining.stream()
                    .filter(candidate -> ready.test(candidate, remaining))
                    .findFirst()
                    .orElse(remaining.iterator().next());
            ordered.add(next);
            remaining.remove(next);
        }
        return ordered;
    }
}
