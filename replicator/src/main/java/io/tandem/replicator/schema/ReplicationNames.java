package io.tandem.replicator.schema;

import java.util.regex.Pattern;

/**
 * The names Tandem derives from a region id: the PostgreSQL publication and logical slot that
 * capture reads, and the Kafka topic that carries the region's changes.
 *
 * @param region the region id, lower-case letters, digits and '-', e.g. {@code us-east}
 */
public record ReplicationNames(String region) {
    private static final Pattern REGION = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public ReplicationNames {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region id '" + region
                    + "' must be 1-40 lower-case letters, digits or '-', starting with a letter, e.g. us-east");
        }
    }

    /** {@code tandem_<region>} with '-' replaced by '_'. */
    public String publication() {
        return "tandem_" + region.replace('-', '_');
    }

    /** The logical replication slot; the same spelling as the publication. */
    public String slot() {
        return publication();
    }

    /** {@code tandem.<region>.changes}: the topic in the region's own Kafka cluster. */
    public String topic() {
        return "tandem." + region + ".changes";
    }
}
