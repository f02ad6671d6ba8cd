package io.tandem.replicator.apply;

/** Names of Tandem's Kafka topics. */
public final class Topics {
    /** Each region's change topic has exactly one partition, so one offset orders all its changes. */
    public static final int PARTITION = 0;

    private Topics() {}

    /** The topic a region's capture writes its changes to: {@code tandem.<region>.changes}. */
    public static String changes(String region) {
        return "tandem." + region + ".changes";
    }
}
