package io.tandem.replicator.capture;

import io.tandem.replicator.event.ChangeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped events of one source transaction, in commit order; the last one has
 * {@code tx().last() == true}. Empty when every change of the transaction was dropped.
 */
public record CapturedTransaction(String txId, List<ChangeEvent> events) {
    public CapturedTransaction {
        events = List.copyOf(events);
    }

    static CapturedTransaction of(String txId, List<CapturedChange> changes) {
        List<ChangeEvent> events = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            events.add(changes.get(i).toEvent(i, i == changes.size() - 1));
        }
        return new CapturedTransaction(txId, events);
    }
}
