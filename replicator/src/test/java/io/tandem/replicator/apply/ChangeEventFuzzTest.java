package io.tandem.replicator.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.fuzz.Fuzz;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.event.MalformedChangeEventException;
import io.tandem.replicator.event.SourceTx;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the change-event decoder and the applier's decode step (which also checks for forged
 * events) with mutated events, for a bounded time: the only failure allowed is
 * {@link MalformedChangeEventException}, and the applier's step never throws at all — a bad record
 * becomes a dead letter with a reason.
 */
class ChangeEventFuzzTest {
    private final ChangeEventCodec codec = new ChangeEventCodec();

    private List<ChangeEvent> events() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 42L);
        row.put("status", "paid \u20ac \"quoted\"");
        row.put("amount", new BigDecimal("19.90"));
        row.put("note", null);
        row.put("flag", true);
        SourceTx tx = new SourceTx("771", 0x16B3748L, 0, true, 1_764_000_000_000L);
        return List.of(
                new ChangeEvent(
                        "us-east",
                        "public.orders",
                        ChangeOp.UPSERT,
                        Map.of("id", 42L),
                        row,
                        "{\"eu-west\":2,\"us-east\":3}",
                        123456789L << 16,
                        "us-east",
                        null,
                        tx),
                new ChangeEvent(
                        "us-east",
                        "public.orders",
                        ChangeOp.DELETE,
                        Map.of("id", 7L),
                        Map.of(),
                        "{\"us-east\":9}",
                        5L << 16,
                        "us-east",
                        null,
                        new SourceTx("772", 99L, 3, false, 1L)),
                new ChangeEvent(
                        "us-east",
                        "public.stock",
                        ChangeOp.UPSERT,
                        Map.of("sku", "a-1"),
                        Map.of("sku", "a-1", "qty", 3),
                        "{\"us-east\":1}",
                        77L,
                        "us-east",
                        "{\"counters\":{\"qty\":{\"us-east\":[3,0]}}}",
                        tx));
    }

    /** Each event in the binary format capture writes and in the JSON format older releases wrote. */
    private List<byte[]> seeds() {
        return events().stream()
                .flatMap(e -> java.util.stream.Stream.of(codec.encode(e), codec.encodeJson(e)))
                .toList();
    }

    @Test
    void decodeThrowsOnlyMalformedChangeEvent() {
        Fuzz.Result result = Fuzz.run("change-event-decode", Duration.ofSeconds(10), seeds(), input -> {
            try {
                ChangeEvent event = codec.decode(input);
                codec.encode(event); // what decodes must encode again
            } catch (MalformedChangeEventException expected) {
                assertTrue(
                        expected.getMessage() != null && !expected.getMessage().isBlank());
            }
        });
        assertTrue(result.inputs() > 100, result.toString());
    }

    @Test
    void theAppliersDecodeStepNeverThrowsAndGivesEveryBadRecordAReason() {
        TransactionAssembler assembler = new TransactionAssembler(codec, "us-east");
        long[] offset = {0};
        Fuzz.run("applier-decode", Duration.ofSeconds(10), seeds(), input -> {
            for (SourceTransaction tx : assembler.add(List.of(new PolledRecord(offset[0]++, input)))) {
                for (SourceRecord record : tx.records()) {
                    assertEquals(record.malformed(), record.event() == null);
                    assertTrue(!record.malformed() || !record.malformedReason().isBlank());
                }
            }
            if (assembler.heldCount() > 1000) {
                assembler.reset();
            }
        });
    }
}
