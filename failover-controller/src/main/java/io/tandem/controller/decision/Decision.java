package io.tandem.controller.decision;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a controller tick concluded, as a sentence a person can read ("no action: eu-west owns
 * orders at epoch 7 and is healthy") plus the ownership moves to carry out. Tests assert on it,
 * the log prints it and the audit trail stores it.
 */
public record Decision(Verdict verdict, String reason, List<Move> moves) {

    public Decision {
        if (verdict == null) {
            throw new IllegalArgumentException("verdict is required");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason");
        }
        moves = List.copyOf(moves);
        if (verdict != Verdict.ACT && !moves.isEmpty()) {
            throw new IllegalArgumentException(verdict.label() + " decision cannot carry moves: " + moves);
        }
    }

    public static Decision noAction(String reason) {
        return new Decision(Verdict.NO_ACTION, reason, List.of());
    }

    public static Decision refuse(String reason) {
        return new Decision(Verdict.REFUSE, reason, List.of());
    }

    public static Decision act(String reason, List<Move> moves) {
        return new Decision(Verdict.ACT, reason, moves);
    }

    public static Decision act(Move move) {
        return new Decision(Verdict.ACT, move.toString(), List.of(move));
    }

    /**
     * Summarises per-group decisions: the strongest verdict, every reason (prefixed by its own verdict
     * where that differs), every move.
     */
    public static Decision combine(List<Decision> parts) {
        if (parts.isEmpty()) {
            return noAction("no shard groups to watch");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Verdict verdict = Verdict.NO_ACTION;
        for (Decision d : parts) {
            verdict = verdict.strongest(d.verdict());
        }
        Verdict overall = verdict;
        String reason = parts.stream()
                .map(d -> d.verdict() == overall ? d.reason() : d.toString())
                .collect(Collectors.joining("; "));
        List<Move> moves = parts.stream().flatMap(d -> d.moves().stream()).toList();
        return new Decision(verdict, reason, moves);
    }

    public boolean is(Verdict v) {
        return verdict == v;
    }

    @Override
    public String toString() {
        return verdict.label() + ": " + reason;
    }
}
