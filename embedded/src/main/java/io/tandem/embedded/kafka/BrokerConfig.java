package io.tandem.embedded.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of a single-node KRaft cluster (broker and controller in one process) on loopback,
 * tuned to start fast and use little memory in tests.
 */
record BrokerConfig(
        int nodeId,
        int brokerPort,
        int controllerPort,
        Path logDir,
        Map<String, String> overrides,
        List<KafkaSettings.LinkListener> linkListeners) {
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String HOST = "127.0.0.1";

    Map<String, String> toMap() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", nodeId + "@" + HOST + ":" + controllerPort);
        StringBuilder listeners = new StringBuilder("PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER
                + "://" + HOST + ":" + controllerPort);
        StringBuilder advertised = new StringBuilder("PLAINTEXT://" + HOST + ":" + brokerPort);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        for (KafkaSettings.LinkListener link : linkListeners) {
            listeners
                    .append(',')
                    .append(link.name())
                    .append("://")
                    .append(HOST)
                    .append(':')
                    .append(link.port());
            advertised.append(',').append(link.name()).append("://").append(link.advertised());
            protocols.append(',').append(link.name()).append(":PLAINTEXT");
        }
        p.put("listeners", listeners.toString());
        p.put("advertised.listeners", advertised.toString());
        p.put("listener.security.protocol.map", protocols.toString());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // The default pre-allocates 128 MiB per cleaner thread.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }
}
