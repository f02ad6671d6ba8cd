package io.tandem.embedded.zookeeper;

/** What a ZooKeeper node says it is, from its {@code srvr} four-letter command. */
public enum ZooKeeperMode {
    LEADER(true),
    FOLLOWER(true),
    OBSERVER(true),
    STANDALONE(true),
    READ_ONLY(false),
    /** Up but not in a quorum (election in progress, or too few peers). */
    NOT_SERVING(false),
    /** Nothing answered on the client port. */
    UNREACHABLE(false);

    private final boolean serving;

    ZooKeeperMode(boolean serving) {
        this.serving = serving;
    }

    /** Whether the node serves reads and writes now. */
    public boolean isServing() {
        return serving;
    }

    /** Parses the {@code Mode:} line of a {@code srvr} answer. */
    static ZooKeeperMode fromSrvr(String answer) {
        for (String line : answer.split("\n")) {
            if (line.startsWith("Mode: ")) {
                return switch (line.substring("Mode: ".length()).trim()) {
                    case "leader" -> LEADER;
                    case "follower" -> FOLLOWER;
                    case "observer" -> OBSERVER;
                    case "standalone" -> STANDALONE;
                    case "read-only" -> READ_ONLY;
                    default -> NOT_SERVING;
                };
            }
        }
        return NOT_SERVING;
    }
}
