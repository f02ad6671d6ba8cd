package io.tandem.controller.switchover;

import io.tandem.controller.Names;
import java.util.OptionalLong;

/**
 * A switchover's progress as its intent node stores it, rewritten (compare-and-set on the node
 * version) on every transition, so that a new leader continues where the previous one stopped.
 *
 * <p>Times are wall-clock epoch milliseconds: another process's monotonic clock has another origin.
 * A new leader converts them to its own monotonic clock once ({@link TickTime}), so the timeout still
 * runs from the recorded start; a wall-clock difference between the two controllers shifts it by
 * that difference (keep controllers' clocks synchronised, as ZooKeeper sessions already require).
 *
 * @param from the owner when the switchover started
 * @param state the state reached
 * @param expectedEpoch the ownership epoch the switchover last wrote (or read, in REQUESTED)
 * @param sourcePosition the old owner's WAL position recorded once it was fenced; null before
 * @param startedAt when the switchover started; its timeout runs from here
 * @param fencedAt when the old owner stopped taking writes (start of the write pause); null before
 * @param enteredAt when {@code state} was entered
 * @param recordedBy participant id of the leader that wrote this record
 */
public record SwitchoverProgress(
        String from,
        SwitchoverState state,
        long expectedEpoch,
        Long sourcePosition,
        long startedAt,
        Long fencedAt,
        long enteredAt,
        String recordedBy) {

    public SwitchoverProgress {
        Names.require("switchover source region", from);
        if (state == null) {
            throw new IllegalArgumentException("switchover progress needs a state");
        }
        if (state == SwitchoverState.CATCHING_UP && sourcePosition == null) {
            throw new IllegalArgumentException(
                    "switchover progress in CATCHING_UP needs the recorded source position: the node was not"
                            + " written by this version of Tandem; delete the intent and submit it again");
        }
        if (recordedBy == null || recordedBy.isBlank()) {
            throw new IllegalArgumentException("switchover progress needs the participant that recorded it");
        }
    }

    /** The record of {@code s} at {@code now}, which entered its state at monotonic {@code enteredNanos}. */
    public static SwitchoverProgress of(Switchover s, long enteredNanos, TickTime now, String by) {
        return new SwitchoverProgress(
                s.from(),
                s.state(),
                s.expectedEpoch(),
                s.sourcePosition().isPresent() ? s.sourcePosition().getAsLong() : null,
                now.wallOf(s.startedNanos()),
                s.fencedNanos().isPresent() ? now.wallOf(s.fencedNanos().getAsLong()) : null,
                now.wallOf(enteredNanos),
                by);
    }

    /** The switchover this record describes, on this process's monotonic clock. */
    public Switchover switchover(String id, String group, String to, TickTime now) {
        return new Switchover(
                id,
                group,
                from,
                to,
                state,
                expectedEpoch,
                sourcePosition == null ? OptionalLong.empty() : OptionalLong.of(sourcePosition),
                now.nanosOf(startedAt),
                fencedAt == null ? OptionalLong.empty() : OptionalLong.of(now.nanosOf(fencedAt)));
    }

    /** When {@link #state} was entered, on this process's monotonic clock. */
    public long enteredNanos(TickTime now) {
        return now.nanosOf(enteredAt);
    }
}
