package io.tandem.replicator.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeEventCodecTest {
    private final ChangeEventCodec codec = new ChangeEventCodec();

    private static ChangeEvent upsert() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 42L);
        row.put("status", "paid");
        row.put("amount", new BigDecimal("19.90"));
        row.put("note", null);
        return new ChangeEvent(
                "us-east",
                "public.orders",
                ChangeOp.UPSERT,
                Map.of("id", 42L),
                row,
                "{\"us-east\":3}",
                123456789L << 16,
                "us-east",
                null,
                new SourceTx("771", 0x16B3748L, 0, true, 1_764_000_000_000L));
    }

    @Test
    void roundTripKeepsEveryField() {
        ChangeEvent event = upsert();
        ChangeEvent decoded = codec.decode(codec.encode(event));
        assertEquals(event.table(), decoded.table());
        assertEquals(event.op(), decoded.op());
        assertEquals(event.versionVector(), decoded.versionVector());
        assertEquals(event.hlc(), decoded.hlc());
        assertEquals(event.tx(), decoded.tx());
        assertEquals("paid", decoded.row().get("status"));
        assertEquals(
                0, new BigDecimal("19.90").compareTo((BigDecimal) decoded.row().get("amount")));
        assertTrue(decoded.row().containsKey("note"));
    }

    @Test
    void partitionKeyIsStablePerRow() {
        assertEquals(
                upsert().partitionKey(), codec.decode(codec.encode(upsert())).partitionKey());
    }

    @Test
    void truncatedPayloadIsMalformedAndSaysSo() {
        byte[] bytes = codec.encode(upsert());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        var e = assertThrows(MalformedChangeEventException.class, () -> codec.decode(truncated));
        assertTrue(e.getMessage().startsWith("malformed change event"), e.getMessage());
    }

    @Test
    void unknownFormatVersionIsRejected() {
        String json = new String(codec.encode(upsert()), StandardCharsets.UTF_8).replace("{\"v\":1", "{\"v\":9");
        var e = assertThrows(
                MalformedChangeEventException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void upsertWithoutRowIsRejectedNamingTheTable() {
        String json = new String(codec.encode(upsert()), StandardCharsets.UTF_8)
                .replaceAll("\"row\":\\{[^}]*\\}", "\"row\":{}");
        var e = assertThrows(
                MalformedChangeEventException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("public.orders"), e.getMessage());
    }

    @Test
    void emptyPayloadIsMalformed() {
        assertThrows(MalformedChangeEventException.class, () -> codec.decode(new byte[0]));
    }
}
