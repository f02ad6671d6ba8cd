package io.tandem.replicator.capture;

/** Why a captured row change is not shipped. */
public enum DropReason {
    /** Written by Tandem's applier ({@code tandem_applied_from} set): shipping it would loop. */
    APPLIED_BY_TANDEM(true),
    /** A heartbeat row of another region, written here by the applier: shipping it would loop. */
    REMOTE_HEARTBEAT(true),
    /** A raw DELETE: deletes travel as their tombstone's insert or update instead. */
    RAW_DELETE(false),
    /** A table capture was not configured for (the publication is wider than the configuration). */
    UNCONFIGURED_TABLE(false);

    private final boolean loopPrevention;

    DropReason(boolean loopPrevention) {
        this.loopPrevention = loopPrevention;
    }

    /** Whether this drop is the loop-prevention rule at work. */
    public boolean loopPrevention() {
        return loopPrevention;
    }

    /** The metric tag spelling. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
