package io.tandem.controller.support;

import io.tandem.controller.MonotonicClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A monotonic clock tests advance by hand. */
public final class FakeClock implements MonotonicClock {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long nanos() {
        return nanos.get();
    }

    public long advance(Duration d) {
        return nanos.addAndGet(d.toNanos());
    }
}
