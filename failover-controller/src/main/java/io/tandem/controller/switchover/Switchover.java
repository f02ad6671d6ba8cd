package io.tandem.controller.switchover;

import io.tandem.controller.Names;
import java.util.OptionalLong;

/**
 * The progress of one planned switchover, as an immutable value; {@link SwitchoverExecution} replaces
 * it on every transition.
 *
 * @param id the intent id
 * @param group the shard group
 * @param from the owner when the switchover started
 * @param to the target region
 * @param state where it is
 * @param expectedEpoch the ownership epoch this switchover last wrote (or read, in REQUESTED)
 * @param sourcePosition the owner's WAL position recorded when it was fenced
 * @param startedNanos monotonic time of the start
 * @param fencedNanos monotonic time the owner stopped taking writes (start of the write pause)
 */
public record Switchover(
        String id,
        String group,
        String from,
        String to,
        SwitchoverState state,
        long expectedEpoch,
        OptionalLong sourcePosition,
        long startedNanos,
        OptionalLong fencedNanos) {

    public Switchover {
        Names.require("group", group);
        Names.require("from region", from);
        Names.require("to region", to);
        if (state == null) {
            throw new IllegalArgumentException("switchover state is required");
        }
    }

    static Switchover requested(String id, String group, String from, String to, long epoch, long nowNanos) {
        return new Switchover(
                id,
                group,
                from,
                to,
                SwitchoverState.REQUESTED,
                epoch,
                OptionalLong.empty(),
                nowNanos,
                OptionalLong.empty());
    }

    /** This switchover in the transition's target state; throws if the transition does not start here. */
    Switchover move(SwitchoverTransition t, long epoch) {
        if (t.from() != state) {
            throw new IllegalStateException(
                    "switchover " + id + " of " + group + " is " + state + ", cannot take " + t);
        }
        return new Switchover(id, group, from, to, t.to(), epoch, sourcePosition, startedNanos, fencedNanos);
    }

    Switchover withSourcePosition(long position) {
        return new Switchover(
                id, group, from, to, state, expectedEpoch, OptionalLong.of(position), startedNanos, fencedNanos);
    }

    Switchover withFencedAt(long nanos) {
        return new Switchover(
                id, group, from, to, state, expectedEpoch, sourcePosition, startedNanos, OptionalLong.of(nanos));
    }

    @Override
    public String toString() {
        return "switchover " + id + " of " + group + " " + from + " -> " + to + " (" + state + ", epoch "
                + expectedEpoch + ")";
    }
}
