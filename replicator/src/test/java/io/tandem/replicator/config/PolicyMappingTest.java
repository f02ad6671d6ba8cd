package io.tandem.replicator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.DeleteMode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyMappingTest {
    private static TableSpec table(String policy, Set<String> counters) {
        return new TableSpec("public.t", List.of("id"), TableMode.MULTI_WRITER, policy, counters, Optional.empty());
    }

    @Test
    void mapsEveryConfiguredName() {
        assertEquals("last-writer-wins", PolicyMapping.of(table(null, Set.of())).name());
        assertEquals(
                DeleteMode.DELETE_WINS,
                PolicyMapping.of(table("delete-wins", Set.of())).deletes());
        assertEquals(
                DeleteMode.UPDATE_WINS,
                PolicyMapping.of(table("update-wins", Set.of())).deletes());
        assertEquals(
                ColumnMode.LATEST_WRITE,
                PolicyMapping.of(table("column-merge", Set.of())).defaultMode());
        assertTrue(PolicyMapping.of(table("region-priority:us-east, eu-west", Set.of()))
                .name()
                .contains("us-east"));
    }

    @Test
    void counterColumnsAreCounters() {
        assertEquals(
                ColumnMode.COUNTER,
                PolicyMapping.of(table("lww", Set.of("stock"))).modeOf("stock"));
        assertEquals(
                ColumnMode.ROW_WINNER,
                PolicyMapping.of(table("lww", Set.of("stock"))).modeOf("name"));
    }

    @Test
    void unknownPolicyNamesTheTableAndTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> PolicyMapping.of(table("newest", Set.of())));
        assertTrue(e.getMessage().contains("public.t") && e.getMessage().contains("column-merge"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolicyMapping.of(table("region-priority:", Set.of())));
    }
}
