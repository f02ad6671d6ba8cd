package io.tandem.controller.leader;

import io.tandem.controller.Lifecycle;
import io.tandem.controller.ZkPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;

/**
 * Controller leader election among the region daemons, with Curator's {@link LeaderLatch} at
 * {@code <root>/leader}. The participant id must be unique per daemon (e.g. {@code us-east/host-1}).
 *
 * <p>Being leader is a hint, not a lock: a paused leader can believe it leads after it lost the latch.
 * Every ownership change is therefore a compare-and-set on the group's node, which a stale leader loses.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} is idempotent (the guard matters: Curator's
 * {@code LeaderLatch.close()} throws when called twice) and a no-op once the Curator client is closed.
 */
public final class ControllerLeadership implements AutoCloseable {

    private final Lifecycle lifecycle = new Lifecycle("controller leadership");
    private final LeaderLatch latch;
    private final String participantId;
    private final CuratorFramework client;

    /**
     * @param onChange receives {@code true} when this participant becomes leader and {@code false}
     *     when it stops being leader; called on Curator's event thread, so keep it short
     */
    public ControllerLeadership(
            CuratorFramework client, ZkPaths paths, String participantId, Consumer<Boolean> onChange) {
        if (participantId == null || participantId.isBlank()) {
            throw new IllegalArgumentException("participant id is required: use region/host, unique per daemon");
        }
        this.participantId = participantId;
        this.client = client;
        this.latch = new LeaderLatch(client, paths.leader(), participantId, LeaderLatch.CloseMode.NOTIFY_LEADER);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                onChange.accept(true);
            }

            @Override
            public void notLeader() {
                onChange.accept(false);
            }
        });
    }

    public void start() {
        lifecycle.start();
        try {
            latch.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot join leader election as " + participantId, e);
        }
    }

    public boolean isLeader() {
        return lifecycle.get() == Lifecycle.State.STARTED && latch.hasLeadership();
    }

    public String participantId() {
        return participantId;
    }

    /** The current leader's participant id, or empty if none is known. */
    public String leaderId() {
        try {
            return latch.getLeader().getId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the controller leader: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        Lifecycle.State before = lifecycle.get();
        if (lifecycle.close() && before == Lifecycle.State.STARTED) {
            if (client.getState() == CuratorFrameworkState.STOPPED) {
                return; // the session ended with the client, and the latch's ephemeral node with it
            }
            try {
                latch.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot leave leader election as " + participantId, e);
            }
        }
    }
}
