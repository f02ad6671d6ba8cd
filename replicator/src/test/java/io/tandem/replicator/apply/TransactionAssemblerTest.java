package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.tx;
import static io.tandem.replicator.apply.Events.upsert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionAssemblerTest {
    private final ChangeEventCodec codec = new ChangeEventCodec();
    private final TransactionAssembler assembler = new TransactionAssembler(codec, "us-east");

    private PolledRecord record(long offset, String txId, int index, boolean last) {
        ChangeEvent event =
                upsert("us-east", "public.t", offset, Map.of("v", 1), "{\"us-east\":1}", 1, tx(txId, index, last));
        return new PolledRecord(offset, codec.encode(event));
    }

    @Test
    void holdsAnIncompleteTransactionUntilItsLastEvent() {
        assertEquals(List.of(), assembler.add(List.of(record(0, "1", 0, false), record(1, "1", 1, false))));
        assertEquals(0, assembler.heldFromOffset());
        List<SourceTransaction> done = assembler.add(List.of(record(2, "1", 2, true), record(3, "2", 0, false)));
        assertEquals(1, done.size());
        assertEquals(0, done.get(0).firstOffset());
        assertEquals(2, done.get(0).lastOffset());
        assertEquals(3, assembler.heldFromOffset());
    }

    @Test
    void undecodableRecordBetweenTransactionsIsAUnitOfItsOwn() {
        List<SourceTransaction> done = assembler.add(List.of(
                record(0, "1", 0, true),
                new PolledRecord(1, "nonsense".getBytes(StandardCharsets.UTF_8)),
                record(2, "2", 0, true)));
        assertEquals(3, done.size());
        assertTrue(done.get(1).records().get(0).malformed());
    }

    @Test
    void undecodableRecordInsideATransactionTravelsWithIt() {
        List<SourceTransaction> done = assembler.add(
                List.of(record(0, "1", 0, false), new PolledRecord(1, new byte[] {1, 2}), record(2, "1", 1, true)));
        assertEquals(1, done.size());
        assertEquals(3, done.get(0).records().size());
    }

    @Test
    void aTransactionWhoseLastEventWasLostIsClosedByTheNextOne() {
        List<SourceTransaction> done = assembler.add(List.of(record(0, "1", 0, false), record(1, "2", 0, true)));
        assertEquals(2, done.size());
        assertEquals(-1, assembler.heldFromOffset());
    }
}
