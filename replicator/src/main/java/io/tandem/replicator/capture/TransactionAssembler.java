package io.tandem.replicator.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups the engine's records into whole source transactions using Debezium's transaction
 * metadata (BEGIN, data events carrying the transaction id, END), across batches.
 *
 * <p>It also decides which records may have their offsets committed: a record is released for
 * committing only when every record before it belongs to a completed, shipped transaction. The
 * records of the transaction still open at the end of a batch stay unreleased, so a crash
 * re-delivers them. PostgreSQL's logical decoding streams whole committed transactions one after
 * another, so at most one transaction is open at a time.
 *
 * <p>Memory is bounded: a transaction larger than {@code chunkSize} changes is handed over in
 * chunks (every event {@code last = false}) while still open — its offsets are still committed only
 * after its END — and the change shipped last is always held back, so the transaction's final event
 * carries {@code last = true}. Only the latest record handle is kept, since committing it commits
 * every earlier position. Not thread-safe: the engine calls it from one thread.
 *
 * @param <H> the engine's record handle, released back for committing
 */
final class TransactionAssembler<H> {
    /** One record as the assembler sees it. */
    sealed interface Item {}

    record Begin(String txId) implements Item {}

    record End(String txId) implements Item {}

    /** A data record; {@code change} is null when the record was dropped. */
    record Data(String txId, CapturedChange change) implements Item {}

    /** Anything else (e.g. a Debezium heartbeat): no data, but its offset must be committed in order. */
    record Other() implements Item {}

    /** Transactions (or chunks of an open one) to ship, then the handles to commit once they are shipped. */
    record Drained<H>(List<CapturedTransaction> transactions, List<H> releasable) {}

    private final class Open {
        final String txId;
        final List<CapturedChange> changes = new ArrayList<>();
        int shipped;
        H lastHandle;

        Open(String txId) {
            this.txId = txId;
        }
    }

    private final int chunkSize;
    private final List<CapturedTransaction> completed = new ArrayList<>();
    private final List<H> releasable = new ArrayList<>();
    private Open open;

    /** @param chunkSize the most changes of one open transaction held before a chunk is handed over (≥ 2) */
    TransactionAssembler(int chunkSize) {
        if (chunkSize < 2) {
            throw new IllegalArgumentException("chunk size must be at least 2, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    void accept(H handle, Item item) {
        if (item instanceof Begin begin) {
            startIfNew(begin.txId());
            open.lastHandle = handle;
        } else if (item instanceof Data data) {
            startIfNew(data.txId());
            open.lastHandle = handle;
            if (data.change() != null) {
                open.changes.add(data.change());
                if (open.changes.size() >= chunkSize) {
                    chunk();
                }
            }
        } else if (item instanceof End end) {
            if (open != null && open.txId.equals(end.txId())) {
                open.lastHandle = handle;
                complete();
            } else {
                completeOpen();
                releasable.add(handle);
            }
        } else if (open == null) {
            releasable.add(handle);
        } else {
            open.lastHandle = handle;
        }
    }

    /** Whether a transaction has started and not yet ended. */
    boolean hasOpenTransaction() {
        return open != null;
    }

    Drained<H> drain() {
        Drained<H> drained = new Drained<>(List.copyOf(completed), List.copyOf(releasable));
        completed.clear();
        releasable.clear();
        return drained;
    }

    /** Forgets everything not yet drained (after a failed batch, whose records will be re-delivered). */
    void reset() {
        completed.clear();
        releasable.clear();
        open = null;
    }

    private void startIfNew(String txId) {
        if (open != null && open.txId.equals(txId)) {
            return;
        }
        completeOpen();
        open = new Open(txId);
    }

    /** A new transaction id without an END for the previous one: the previous one is complete. */
    private void completeOpen() {
        if (open != null) {
            complete();
        }
    }

    /** Hands over all but the newest change of the open transaction, none of them last. */
    private void chunk() {
        List<CapturedChange> part = new ArrayList<>(open.changes.subList(0, open.changes.size() - 1));
        completed.add(CapturedTransaction.of(open.txId, part, open.shipped, false));
        open.shipped += part.size();
        CapturedChange newest = open.changes.get(open.changes.size() - 1);
        open.changes.clear();
        open.changes.add(newest);
    }

    private void complete() {
        if (!open.changes.isEmpty()) {
            completed.add(CapturedTransaction.of(open.txId, open.changes, open.shipped, true));
        }
        if (open.lastHandle != null) {
            releasable.add(open.lastHandle);
        }
        open = null;
    }
}
