package io.tandem.replicator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableSpecTest {

    @Test
    void tableWithoutPrimaryKeyIsRefusedWithAClearMessage() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new TableSpec("public.events", List.of(), TableMode.MULTI_WRITER, null, null, null));
        assertTrue(e.getMessage().contains("public.events has no primary key"), e.getMessage());
    }

    @Test
    void ownedTableNeedsAShardKey() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new TableSpec("public.orders", List.of("id"), TableMode.OWNED, null, null, Optional.empty()));
        assertTrue(e.getMessage().contains("shard-key"), e.getMessage());
    }

    @Test
    void unqualifiedNameIsRefused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new TableSpec("orders", List.of("id"), TableMode.MULTI_WRITER, null, null, null));
        assertTrue(e.getMessage().contains("'orders'"), e.getMessage());
    }

    @Test
    void defaultsToLastWriterWins() {
        var spec = new TableSpec("public.carts", List.of("id"), TableMode.MULTI_WRITER, null, Set.of("qty"), null);
        assertEquals("lww", spec.policy());
        assertEquals("public", spec.schema());
        assertEquals("carts", spec.table());
    }

    @Test
    void modeParsesConfigSpellingAndNamesBadInput() {
        assertEquals(TableMode.MULTI_WRITER, TableMode.parse("multi-writer"));
        assertEquals(TableMode.OWNED, TableMode.parse("owned"));
        var e = assertThrows(IllegalArgumentException.class, () -> TableMode.parse("sharded"));
        assertTrue(e.getMessage().contains("'sharded'"), e.getMessage());
    }
}
