package io.tandem.embedded.zookeeper;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the ZooKeeper leader's per-follower sender threads that outlive their server.
 *
 * <p>Trap: when a leader shuts down while a follower is still syncing, the follower's {@code
 * LearnerHandler} can start its {@code Sender-<address>} thread after the "packet of death" was
 * queued and cleared; that non-daemon thread then waits on its queue forever and keeps the JVM from
 * exiting. Its loop ends on interrupt, so once no ensemble of ours runs in this JVM we interrupt the
 * ones still parked there.
 */
final class StrandedSenders {
    private static final Logger LOG = LoggerFactory.getLogger(StrandedSenders.class);
    private static final String SEND_LOOP = "org.apache.zookeeper.server.quorum.LearnerHandler";

    private StrandedSenders() {}

    static void interruptAll() {
        List<Thread> stranded = Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("Sender-"))
                .filter(e -> Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().equals(SEND_LOOP)))
                .map(java.util.Map.Entry::getKey)
                .toList();
        for (Thread thread : stranded) {
            LOG.info("interrupting ZooKeeper thread {} left behind by a stopped leader", thread.getName());
            thread.interrupt();
        }
    }
}
