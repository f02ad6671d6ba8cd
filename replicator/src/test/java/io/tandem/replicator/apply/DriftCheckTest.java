package io.tandem.replicator.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replicator.event.ChangeEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftCheckTest {
    private static final TableShape ITEMS = new TableShape(
            "public.items",
            new LinkedHashMap<>(Map.of(
                    "id", new ColumnType("id", "bigint", 'N', true, false),
                    "name", new ColumnType("name", "text", 'S', false, false),
                    "in_stock", new ColumnType("in_stock", "boolean", 'B', false, false),
                    "sku", new ColumnType("sku", "text", 'S', true, false))),
            List.of("id"),
            true);

    private static ChangeEvent item(Map<String, Object> columns) {
        Map<String, Object> row = new LinkedHashMap<>(Map.of("id", 1L, "sku", "A"));
        row.putAll(columns);
        return new ChangeEvent(
                "us-east",
                "public.items",
                io.tandem.replicator.event.ChangeOp.UPSERT,
                Map.of("id", 1L),
                row,
                "{\"us-east\":1}",
                1,
                "us-east",
                null,
                Events.single("1"));
    }

    @Test
    void fittingEventHasNoDifference() {
        assertEquals(Optional.empty(), DriftCheck.difference(ITEMS, item(Map.of("name", "x", "in_stock", true))));
        assertEquals(
                Optional.empty(),
                DriftCheck.difference(ITEMS, item(Map.of("in_stock", "true"))),
                "text form fits any type");
    }

    @Test
    void missingColumnIncompatibleTypeAndMissingRequiredColumnAreDrift() {
        assertTrue(DriftCheck.difference(ITEMS, item(Map.of("color", "red")))
                .orElseThrow()
                .contains("column color is missing"));
        assertTrue(DriftCheck.difference(ITEMS, item(Map.of("in_stock", 5L)))
                .orElseThrow()
                .contains("in_stock has type boolean"));
        ChangeEvent withoutSku = new ChangeEvent(
                "us-east",
                "public.items",
                io.tandem.replicator.event.ChangeOp.UPSERT,
                Map.of("id", 1L),
                Map.of("id", 1L),
                "{\"us-east\":1}",
                1,
                "us-east",
                null,
                Events.single("1"));
        assertTrue(DriftCheck.difference(ITEMS, withoutSku).orElseThrow().contains("sku is NOT NULL"));
    }

    @Test
    void differentPrimaryKeyOrMissingMetadataColumnsAreDrift() {
        TableShape composite = new TableShape("public.items", ITEMS.columns(), List.of("id", "sku"), true);
        assertTrue(
                DriftCheck.difference(composite, item(Map.of())).orElseThrow().contains("primary key differs"));
        TableShape bare = new TableShape("public.items", ITEMS.columns(), List.of("id"), false);
        assertTrue(DriftCheck.difference(bare, item(Map.of())).orElseThrow().contains("tandem init"));
    }
}
