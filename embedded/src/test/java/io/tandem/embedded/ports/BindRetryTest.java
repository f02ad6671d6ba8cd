package io.tandem.embedded.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.ServerStartException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BindRetryTest {

    @Test
    void retriesAPortConflictWithFreshAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        BindRetry.run("kafka test", attempt -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException(
                        "Socket server failed to bind", new BindException("Address already in use"));
            }
        });
        assertEquals(3, attempts.get());
    }

    @Test
    void givesUpAfterABoundedNumberOfAttemptsNamingTheServer() {
        AtomicInteger attempts = new AtomicInteger();
        ServerStartException e = assertThrows(
                ServerStartException.class,
                () -> BindRetry.run("postgres test", attempt -> {
                    attempts.incrementAndGet();
                    throw new UncheckedIOException(new BindException("Address already in use"));
                }));
        assertEquals(BindRetry.MAX_ATTEMPTS, attempts.get());
        assertTrue(e.getMessage().startsWith("postgres test:"), e.getMessage());
    }

    @Test
    void doesNotRetryOtherFailures() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("disk full");
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> BindRetry.run("x", attempt -> {
                    attempts.incrementAndGet();
                    throw failure;
                }));
        assertSame(failure, thrown);
        assertEquals(1, attempts.get());
    }

    @Test
    void picksDistinctBindableLoopbackPorts() {
        int a = LoopbackPorts.pick();
        int b = LoopbackPorts.pick();
        assertTrue(a != b);
        assertTrue(LoopbackPorts.isFree(a));
    }
}
