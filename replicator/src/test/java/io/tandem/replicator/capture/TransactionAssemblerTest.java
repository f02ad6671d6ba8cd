package io.tandem.replicator.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replicator.event.ChangeOp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionAssemblerTest {
    private final TransactionAssembler<String> assembler = new TransactionAssembler<>(4);

    private static CapturedChange change(String tx, long id) {
        return new CapturedChange(
                "us-east",
                "public.orders",
                ChangeOp.UPSERT,
                Map.of("id", id),
                Map.of("id", id),
                "{\"us-east\":1}",
                1L,
                "us-east",
                null,
                tx,
                id,
                0L);
    }

    @Test
    void aTransactionSpanningBatchesIsReleasedOnlyWhenItsEndArrives() {
        assembler.accept("b1", new TransactionAssembler.Begin("7"));
        assembler.accept("d1", new TransactionAssembler.Data("7", change("7", 1)));
        var first = assembler.drain();
        assertEquals(List.of(), first.transactions());
        assertEquals(List.of(), first.releasable(), "nothing of the open transaction may be committed");

        assembler.accept("d2", new TransactionAssembler.Data("7", change("7", 2)));
        assembler.accept("e1", new TransactionAssembler.End("7"));
        var second = assembler.drain();

        assertEquals(1, second.transactions().size());
        var events = second.transactions().get(0).events();
        assertEquals(
                List.of(false, true), events.stream().map(e -> e.tx().last()).toList());
        assertEquals(List.of("e1"), second.releasable(), "committing the END commits the whole transaction");
    }

    @Test
    void droppedChangesAreCommittedButNotShippedAndOthersWaitForTheOpenTransaction() {
        assembler.accept("h0", new TransactionAssembler.Other());
        assembler.accept("b1", new TransactionAssembler.Begin("8"));
        assembler.accept("d1", new TransactionAssembler.Data("8", null));
        assembler.accept("h1", new TransactionAssembler.Other());
        var open = assembler.drain();
        assertEquals(List.of("h0"), open.releasable());

        assembler.accept("e1", new TransactionAssembler.End("8"));
        var done = assembler.drain();
        assertTrue(done.transactions().isEmpty(), "a transaction whose changes were all dropped ships nothing");
        assertEquals(List.of("e1"), done.releasable());
    }

    @Test
    void aNewTransactionIdClosesAPreviousOneWhoseEndWasNotSeen() {
        assembler.accept("d1", new TransactionAssembler.Data("1", change("1", 1)));
        assembler.accept("d2", new TransactionAssembler.Data("2", change("2", 2)));
        var drained = assembler.drain();
        assertEquals(1, drained.transactions().size());
        assertEquals(List.of("d1"), drained.releasable());
        assertTrue(assembler.hasOpenTransaction());
    }

    @Test
    void aLargeTransactionIsHandedOverInChunksButCommittedOnlyAtItsEnd() {
        for (long i = 0; i < 9; i++) {
            assembler.accept("d" + i, new TransactionAssembler.Data("9", change("9", i)));
        }
        var open = assembler.drain();
        assertEquals(List.of(), open.releasable());
        var chunked =
                open.transactions().stream().flatMap(t -> t.events().stream()).toList();
        assertTrue(chunked.size() >= 6 && chunked.stream().noneMatch(e -> e.tx().last()), chunked.toString());

        assembler.accept("e", new TransactionAssembler.End("9"));
        var done = assembler.drain();
        var rest =
                done.transactions().stream().flatMap(t -> t.events().stream()).toList();

        assertEquals(List.of("e"), done.releasable());
        assertEquals(9, chunked.size() + rest.size());
        assertTrue(rest.get(rest.size() - 1).tx().last());
        assertEquals(8, rest.get(rest.size() - 1).tx().index());
        List<Integer> indexes = new java.util.ArrayList<>();
        chunked.forEach(e -> indexes.add(e.tx().index()));
        rest.forEach(e -> indexes.add(e.tx().index()));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), indexes);
    }
}
