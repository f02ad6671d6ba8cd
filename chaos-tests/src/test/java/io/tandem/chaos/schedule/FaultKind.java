package io.tandem.chaos.schedule;

/** The faults a schedule draws from (the list), and whether each needs a peer region. */
public enum FaultKind {
    /** The region's daemon killed mid-batch, started again at the heal. */
    KILL_DAEMON("kill daemon", false),
    /** The region's daemon frozen (SIGSTOP / CONT). */
    PAUSE_DAEMON("pause daemon", false),
    /** Every link of the region held both ways: ZooKeeper and Kafka. */
    ISOLATE_REGION("isolate region", false),
    /** The peer's applier hears nothing from the target's Kafka (replies held; requests pass). */
    ONE_WAY_PARTITION("one-way partition", true),
    /** 20-200 ms added to every link of the region. */
    LATENCY("latency", false),
    /** A ZooKeeper follower stopped, then started. */
    ZOOKEEPER_NODE_LOSS("zookeeper follower loss", false),
    /** The ZooKeeper leader stopped, then started. */
    ZOOKEEPER_LEADER_LOSS("zookeeper leader loss", false),
    /** The region's Kafka broker stopped, then started. */
    KAFKA_RESTART("kafka broker restart", false),
    /** The region's PostgreSQL killed (SIGKILL), then started with crash recovery. */
    POSTGRES_RESTART("postgresql crash+restart", false),
    /** The region's PostgreSQL frozen: postmaster and backends SIGSTOPped, then CONTinued. */
    POSTGRES_PAUSE("postgresql pause", false),
    /** The region's daemon restarted with its wall clock 5 s ahead or behind. */
    CLOCK_SKEW("clock skew", false),
    /** The region's appliers re-read records they already applied (positions rewound). */
    DUPLICATE_DELIVERY("duplicated delivery", false),
    /** Records of the target's topic produced again, shuffled, at new offsets. */
    REORDERED_DELIVERY("reordered delivery", false),
    /** An operator's planned switchover of one of the target's groups to the peer (not a fault; an action). */
    SWITCHOVER("switchover", true);

    private final String label;
    private final boolean needsPeer;

    FaultKind(String label, boolean needsPeer) {
        this.label = label;
        this.needsPeer = needsPeer;
    }

    public String label() {
        return label;
    }

    public boolean needsPeer() {
        return needsPeer;
    }
}
