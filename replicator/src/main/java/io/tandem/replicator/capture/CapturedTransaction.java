package io.tandem.replicator.capture;

import io.tandem.replicator.event.ChangeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Shipped events of one source transaction, in commit order: the whole transaction, or a chunk of
 * a large one. The transaction's final event has {@code tx().last() == true}; a chunk handed over
 * before the transaction ended has none.
 */
public record CapturedTransaction(String txId, List<ChangeEvent> events) {
    public CapturedTransaction {
        events = List.copyOf(events);
    }

    /**
     * @param firstIndex the position of the first change within its transaction
     * @param endsTransaction whether the last change is the transaction's final shipped event
     */
    static CapturedTransaction of(String txId, List<CapturedChange> changes, int firstIndex, boolean endsTransaction) {
        List<ChangeEvent> events = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            events.add(changes.get(i).toEvent(firstIndex + i, endsTransaction && i == changes.size() - 1));
        }
        return new CapturedTransaction(txId, events);
    }
}
