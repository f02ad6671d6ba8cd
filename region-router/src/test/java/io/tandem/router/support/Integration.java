package io.tandem.router.support;

import org.junit.jupiter.api.Assumptions;

/** Integration tests start real servers; {@code -DskipITs} skips them, saying so. */
public final class Integration {

    private Integration() {}

    public static void assumeEnabled() {
        Assumptions.assumeFalse(Boolean.getBoolean("skipITs"), "integration tests skipped: -DskipITs was given");
    }
}
