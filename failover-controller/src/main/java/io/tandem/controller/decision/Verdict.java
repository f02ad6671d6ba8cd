package io.tandem.controller.decision;

/** What a tick concluded. */
public enum Verdict {
    /** Nothing to change; the reason says why that is fine. */
    NO_ACTION("no action"),
    /** Change ownership as the decision's moves say. */
    ACT("act"),
    /** Something should change but a safety rule forbids it; the reason names the rule. */
    REFUSE("refuse");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The more significant of two verdicts, for summarising several groups: ACT > REFUSE > NO_ACTION. */
    Verdict strongest(Verdict other) {
        return weight() >= other.weight() ? this : other;
    }

    private int weight() {
        return switch (this) {
            case NO_ACTION -> 0;
            case REFUSE -> 1;
            case ACT -> 2;
        };
    }
}
