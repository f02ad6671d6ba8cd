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
        byte[] bytes = codec.encodeJson(upsert());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        var e = assertThrows(MalformedChangeEventException.class, () -> codec.decode(truncated));
        assertTrue(e.getMessage().startsWith("malformed change event"), e.getMessage());
    }

    @Test
    void unknownFormatVersionIsRejected() {
        String json = new String(codec.encodeJson(upsert()), StandardCharsets.UTF_8).replace("{\"v\":1", "{\"v\":9");
        var e = assertThrows(
                MalformedChangeEventException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void upsertWithoutRowIsRejectedNamingTheTable() {
        String json = new String(codec.encodeJson(upsert()), StandardCharsets.UTF_8)
                .replaceAll("\"row\":\\{[^}]*\\}", "\"row\":{}");
        var e = assertThrows(
                MalformedChangeEventException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("public.orders"), e.getMessage());
    }

    @Test
    void emptyPayloadIsMalformed() {
        assertThrows(MalformedChangeEventException.class, () -> codec.decode(new byte[0]));
    }

    @Test
    void encodesTheBinaryFormatAndStillReadsJson() {
        ChangeEvent event = upsert();
        byte[] binary = codec.encode(event);
        byte[] json = codec.encodeJson(event);
        assertEquals(0, binary[0], "binary format 2 starts with 0x00");
        assertEquals('{', json[0]);
        assertTrue(binary.length < json.length, binary.length + " vs " + json.length);
        assertEquals(codec.decode(json), codec.decode(binary));
    }

    @Test
    void binaryValuesDecodeToTheTypesJsonGives() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("small", 7L);
        row.put("int", 7);
        row.put("big", 1L << 40);
        row.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
        row.put("decimal", new BigDecimal("19.90"));
        row.put("whole-decimal", new BigDecimal("5"));
        row.put("double", 0.1d);
        row.put("float", 2.5f);
        row.put("nan", Double.NaN);
        row.put("flag", false);
        row.put("text", "\u20ac \"q\" \u0000");
        row.put("none", null);
        ChangeEvent event = new ChangeEvent(
                "us-east",
                "public.orders",
                ChangeOp.UPSERT,
                Map.of("id", -42L),
                row,
                "{\"us-east\":3}",
                -5L,
                "us-east",
                "{\"m\":1}",
                new SourceTx("771", 0L, 0, false, 0L));
        ChangeEvent fromBinary = codec.decode(codec.encode(event));
        ChangeEvent fromJson = codec.decode(codec.encodeJson(event));
        assertEquals(fromJson, fromBinary);
        for (String column : row.keySet()) {
            Object b = fromBinary.row().get(column);
            Object j = fromJson.row().get(column);
            assertEquals(j == null ? null : j.getClass(), b == null ? null : b.getClass(), column);
        }
    }

    @Test
    void aValueWithoutBinaryFormIsWrittenAsJson() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1L);
        row.put("odd", new java.util.ArrayList<>(java.util.List.of(1, 2)));
        ChangeEvent event = new ChangeEvent(
                "us-east",
                "public.orders",
                ChangeOp.UPSERT,
                Map.of("id", 1L),
                row,
                "{\"us-east\":3}",
                1L,
                "us-east",
                null,
                new SourceTx("771", 0L, 0, true, 0L));
        byte[] bytes = codec.encode(event);
        assertEquals('{', bytes[0]);
        assertEquals(event.tx(), codec.decode(bytes).tx());
    }

    @Test
    void truncatedOrExtendedBinaryIsMalformedAndShowsHex() {
        ChangeEvent event = upsert();
        byte[] bytes = codec.encode(event);
        int malformed = 0;
        for (int length = 1; length < bytes.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            try {
                // a cut at a field boundary may still parse; it never gives back the whole event
                assertTrue(!event.equals(codec.decode(cut)), "length " + length);
            } catch (MalformedChangeEventException e) {
                assertTrue(e.getMessage().contains("0x00"), e.getMessage());
                malformed++;
            }
        }
        assertTrue(malformed > bytes.length / 2, malformed + " of " + bytes.length);
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(MalformedChangeEventException.class, () -> codec.decode(longer));
    }

    @Test
    void unknownBinaryVersionIsRejected() {
        byte[] bytes = codec.encode(upsert());
        bytes[2] = 9;
        var e = assertThrows(MalformedChangeEventException.class, () -> codec.decode(bytes));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }
}
