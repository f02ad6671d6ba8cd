package io.tandem.embedded.kafka;

import io.tandem.embedded.ServerStartException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.metadata.storage.Formatter;

/** Formats a KRaft log directory, as {@code kafka-storage.sh format} does, before the first start. */
final class StorageFormat {
    private StorageFormat() {}

    static void format(String server, BrokerConfig config, String clusterId) {
        String dir = config.logDir().toAbsolutePath().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setControllerListenerName(BrokerConfig.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir)
                    .addDirectory(dir)
                    // Static voters (controller.quorum.voters), not a KIP-853 dynamic quorum.
                    .setHasDynamicQuorum(false)
                    .run();
        } catch (Exception e) {
            throw new ServerStartException(server + ": could not format the KRaft log directory " + dir, e);
        }
    }

    static Properties toProperties(Map<String, String> map) {
        Properties props = new Properties();
        props.putAll(map);
        return props;
    }
}
