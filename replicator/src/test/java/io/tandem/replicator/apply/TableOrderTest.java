package io.tandem.replicator.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableOrderTest {
    private static final Map<String, Set<String>> PARENTS =
            Map.of("lines", Set.of("orders"), "orders", Set.of("customers"));

    @Test
    void upsertsGoParentsFirstAndDeletesChildrenFirst() {
        List<String> touched = List.of("lines", "audit", "orders", "customers");
        assertEquals(List.of("audit", "customers", "orders", "lines"), TableOrder.parentsFirst(touched, PARENTS));
        assertEquals(List.of("lines", "audit", "orders", "customers"), TableOrder.childrenFirst(touched, PARENTS));
    }

    @Test
    void unrelatedTablesKeepFirstTouchOrderAndCyclesDoNotLoop() {
        assertEquals(List.of("b", "a"), TableOrder.parentsFirst(List.of("b", "a"), Map.of()));
        Map<String, Set<String>> cycle = Map.of("a", Set.of("b"), "b", Set.of("a"));
        assertEquals(List.of("a", "b"), TableOrder.parentsFirst(List.of("a", "b"), cycle));
    }
}
