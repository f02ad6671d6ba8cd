package io.tandem.chaos.fault;

/** The signals the harness sends to processes it started, each with what it does to them. */
public enum Signal {
    /** Killed at once, no clean-up: a crash. */
    KILL("-9"),
    /** Frozen where it stands (a long GC pause, a stalled VM); its sockets stay open. */
    STOP("-STOP"),
    /** Thawed after {@link #STOP}. */
    CONT("-CONT");

    private final String flag;

    Signal(String flag) {
        this.flag = flag;
    }

    String flag() {
        return flag;
    }
}
