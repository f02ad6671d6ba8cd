package io.tandem.embedded.ports;

import io.tandem.embedded.ServerStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a first start again, with freshly chosen ports, when it failed because a port was taken
 * between choosing it and binding it. Bounded: after {@link #MAX_ATTEMPTS} it gives up clearly.
 */
public final class BindRetry {
    public static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(BindRetry.class);

    /** One attempt; {@code attempt} counts from 1. Must clean up after itself before throwing. */
    @FunctionalInterface
    public interface Attempt {
        void run(int attempt);
    }

    private BindRetry() {}

    /**
     * @param server names the server in logs and the final error
     * @param addressInUse tells whether a failure was a port conflict (retried) or not (thrown as is)
     */
    public static void run(
            String server, Attempt attempt, java.util.function.Predicate<RuntimeException> addressInUse) {
        RuntimeException last = null;
        for (int i = 1; i <= MAX_ATTEMPTS; i++) {
            try {
                attempt.run(i);
                return;
            } catch (RuntimeException e) {
                if (!addressInUse.test(e)) {
                    throw e;
                }
                last = e;
                LOG.warn(
                        "{}: a chosen port was taken before the server bound it (attempt {} of {}), retrying with new ports",
                        server,
                        i,
                        MAX_ATTEMPTS);
            }
        }
        throw new ServerStartException(
                server + ": every chosen loopback port was taken before the server could bind it (" + MAX_ATTEMPTS
                        + " attempts); another process is grabbing ports on 127.0.0.1 quickly: retry later",
                last);
    }

    /** {@link #run(String, Attempt, java.util.function.Predicate)} treating any bind failure as a conflict. */
    public static void run(String server, Attempt attempt) {
        run(server, attempt, LoopbackPorts::isAddressInUse);
    }
}
