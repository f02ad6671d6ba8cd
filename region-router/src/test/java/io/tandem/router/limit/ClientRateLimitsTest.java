package io.tandem.router.limit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientRateLimitsTest {

    @Test
    void idsBeyondTheCapShareOneLimiter() {
        ClientRateLimits limits = new ClientRateLimits(1_000_000);
        for (int i = 0; i < ClientRateLimits.MAX_CLIENTS + 5_000; i++) {
            limits.acquire("client-" + i, 1);
        }
        ClientRateLimits tight = new ClientRateLimits(1);
        for (int i = 0; i < ClientRateLimits.MAX_CLIENTS; i++) {
            tight.acquire("client-" + i, 1);
        }
        tight.acquire("late-1", 1); // first id past the cap takes the shared overflow permit
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> tight.acquire("late-2", 1));
        assertTrue(e.getMessage().contains("'late-2'"), e.getMessage());
    }

    @Test
    void zeroDisablesAndOversizedRequestsSaySplit() {
        assertDoesNotThrow(() -> new ClientRateLimits(0).acquire(null, 1_000_000));
        assertTrue(assertThrows(RateLimitedException.class, () -> new ClientRateLimits(5).acquire("c", 6))
                .getMessage()
                .contains("split the batch"));
        assertEquals(ClientRateLimits.ANONYMOUS, ClientRateLimits.normalize("  "));
        assertEquals(128, ClientRateLimits.normalize("x".repeat(500)).length());
    }
}
