package io.tandem.replicator.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A single-partition topic in memory, for testing the applier's loop without Kafka (the Kafka source
 * has its own test against a real broker). Offsets are list indexes.
 */
final class InMemoryTopic {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final List<byte[]> records = new ArrayList<>();

    void append(byte[] payload) {
        lock.lock();
        try {
            records.add(payload);
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    RecordSource open(int maxPollRecords) {
        return new RecordSource() {
            private long next;
            private volatile boolean woken;
            volatile boolean closed;

            @Override
            public void seek(long offset) {
                next = offset;
            }

            @Override
            public List<PolledRecord> poll(Duration timeout) {
                lock.lock();
                try {
                    long deadline = System.nanoTime() + timeout.toNanos();
                    while (next >= records.size() && !woken) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return List.of();
                        }
                        appended.await(left, TimeUnit.NANOSECONDS);
                    }
                    woken = false;
                    List<PolledRecord> out = new ArrayList<>();
                    while (next < records.size() && out.size() < maxPollRecords) {
                        out.add(new PolledRecord(next, records.get((int) next)));
                        next++;
                    }
                    return out;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void wakeup() {
                woken = true;
                lock.lock();
                try {
                    appended.signalAll();
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }
}
