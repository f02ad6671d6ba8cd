package io.tandem.replicator.testing;

import io.tandem.replicator.capture.CapturedTransaction;
import io.tandem.replicator.capture.ChangeSink;
import io.tandem.replicator.event.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A sink that keeps what capture hands it, for tests that check capture without Kafka. It can be
 * told to fail on a transaction, as a Kafka outage would.
 */
public final class CollectingSink implements ChangeSink {
    private final List<CapturedTransaction> transactions = new ArrayList<>();
    private final Predicate<CapturedTransaction> failOn;

    public CollectingSink() {
        this(tx -> false);
    }

    public CollectingSink(Predicate<CapturedTransaction> failOn) {
        this.failOn = failOn;
    }

    @Override
    public synchronized void ship(List<CapturedTransaction> batch) {
        for (CapturedTransaction tx : batch) {
            if (failOn.test(tx)) {
                throw new IllegalStateException("test sink refuses transaction " + tx.txId());
            }
        }
        transactions.addAll(batch);
    }

    public synchronized List<CapturedTransaction> transactions() {
        return List.copyOf(transactions);
    }

    public synchronized List<ChangeEvent> events() {
        return transactions.stream().flatMap(t -> t.events().stream()).toList();
    }
}
