package io.tandem.controller.support;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one order to a region's database every {@code periodMillis} (on its own thread, at a fixed
 * rate) and keeps the client-side log of acknowledged writes: what a switchover must not lose.
 */
public final class SteadyWriter implements AutoCloseable {

    private final Region region;
    private final ScheduledExecutorService thread;
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicLong refused = new AtomicLong();

    public SteadyWriter(Region region, long periodMillis) {
        this.region = region;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steady-writer-" + region.name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleAtFixedRate(this::writeOne, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void writeOne() {
        long id = Region.nextId();
        if (region.tryWrite(id).isEmpty()) {
            acknowledged.add(id);
        } else {
            refused.incrementAndGet();
        }
    }

    /** Ids the database acknowledged (committed), in order. */
    public List<Long> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("writer of " + region.name + " did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
