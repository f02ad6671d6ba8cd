package io.tandem.controller.intent;

import io.tandem.controller.Names;
import io.tandem.controller.switchover.SwitchoverProgress;
import java.time.Duration;

/**
 * An operator request the leader carries out, stored at {@code <root>/intents/<group>} (one pending
 * intent per group, like Patroni's {@code /failover} key). The leader deletes it when done.
 *
 * @param id unique id, chosen by the requester, for audit and status
 * @param kind switchover or failover
 * @param group the shard group to move
 * @param target the region that should own it
 * @param force allow a target beyond the maximum lag (failover only)
 * @param timeoutMillis how long a switchover may take before it rolls back (0 for a failover)
 * @param requestedAt wall time of the request, epoch milliseconds
 * @param requestedBy who asked (operator or tool)
 * @param progress how far the leader has carried out a switchover (null until it starts, and for a
 *     failover); rewritten on every transition so that a new leader continues from there
 */
public record Intent(
        String id,
        IntentKind kind,
        String group,
        String target,
        boolean force,
        long timeoutMillis,
        long requestedAt,
        String requestedBy,
        SwitchoverProgress progress) {

    public Intent {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("intent id is required");
        }
        if (kind == null) {
            throw new IllegalArgumentException("intent kind is required: SWITCHOVER or FAILOVER");
        }
        Names.require("group", group);
        Names.require("target region", target);
        if (timeoutMillis < 0 || (kind == IntentKind.SWITCHOVER && timeoutMillis == 0)) {
            throw new IllegalArgumentException(
                    "switchover timeout " + timeoutMillis + " ms must be > 0: give the catch-up time to finish");
        }
        if (force && kind == IntentKind.SWITCHOVER) {
            throw new IllegalArgumentException(
                    "--force applies to failover only: a switchover always waits for the target to catch up");
        }
        if (requestedBy == null || requestedBy.isBlank()) {
            throw new IllegalArgumentException("intent requester is required");
        }
        if (progress != null && kind != IntentKind.SWITCHOVER) {
            throw new IllegalArgumentException("only a switchover intent records progress, not a " + kind);
        }
    }

    public static Intent switchover(
            String id, String group, String target, Duration timeout, long requestedAt, String by) {
        return new Intent(id, IntentKind.SWITCHOVER, group, target, false, timeout.toMillis(), requestedAt, by, null);
    }

    /** An operator failover: move {@code group} to {@code target} now, without a drain. */
    public static Intent failover(String id, String group, String target, boolean force, long requestedAt, String by) {
        return new Intent(id, IntentKind.FAILOVER, group, target, force, 0, requestedAt, by, null);
    }

    /** This intent with the switchover's progress as of now. */
    public Intent withProgress(SwitchoverProgress now) {
        return new Intent(id, kind, group, target, force, timeoutMillis, requestedAt, requestedBy, now);
    }

    public Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }
}
