package io.tandem.embedded.kafka;

import io.tandem.embedded.Directories;
import io.tandem.embedded.ManagedServer;
import io.tandem.embedded.ServerStartException;
import io.tandem.embedded.ports.BindRetry;
import io.tandem.embedded.ports.LoopbackPorts;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker, in this JVM, in KRaft mode: one node that is both broker and controller,
 * listening on 127.0.0.1 only (a client port and a controller port).
 *
 * <p>The log directory is {@code <dir>/logs}, formatted on the first start. {@link #stop()} then
 * {@link #start()} restarts on the same log directory, node id, cluster id and ports, so topics and
 * records survive. {@link #close()} is idempotent and deletes the directory.
 *
 * <p>Each broker in this JVM gets its own node id, so brokers of several regions can share the JVM
 * without their per-node metrics colliding.
 */
public final class KafkaBroker extends ManagedServer {
    private static final AtomicInteger NEXT_NODE_ID = new AtomicInteger(1);

    private final KafkaSettings settings;
    private final int nodeId = NEXT_NODE_ID.getAndIncrement();
    private final String clusterId = Uuid.randomUuid().toString();
    private final Path logDir;
    private volatile int port;
    private volatile int controllerPort;
    private volatile KafkaRaftServer server;

    /** Creates the broker's directory now (deleted by {@link #close()}); does not start it. */
    public KafkaBroker(KafkaSettings settings) {
        super("kafka " + settings.name(), Directories.createUnder(settings.baseDir(), "kafka-" + settings.name()));
        this.settings = settings;
        this.logDir = directory().resolve("logs");
    }

    /** Creates and starts a broker; closes it again if the start fails. */
    public static KafkaBroker start(KafkaSettings settings) {
        KafkaBroker broker = new KafkaBroker(settings);
        try {
            broker.start();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    @Override
    protected void startServer(boolean firstStart) {
        if (firstStart) {
            BindRetry.run(name(), attempt -> {
                port = LoopbackPorts.pick();
                controllerPort = LoopbackPorts.pick();
                Directories.deleteRecursively(logDir);
                StorageFormat.format(name(), config(), clusterId);
                launchOrStop();
            });
        } else {
            launch();
        }
    }

    /** A failed attempt must not leave a half-started server running into the next one. */
    private void launchOrStop() {
        try {
            launch();
        } catch (RuntimeException e) {
            try {
                stopServer();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    private BrokerConfig config() {
        return new BrokerConfig(nodeId, port, controllerPort, logDir, settings.overrides(), settings.linkListeners());
    }

    private void launch() {
        KafkaConfig config;
        try {
            config = KafkaConfig.fromProps(StorageFormat.toProperties(config().toMap()), false);
        } catch (ConfigException e) {
            throw new ServerStartException(
                    name() + ": invalid broker setting (check the overrides " + settings.overrides() + "): "
                            + e.getMessage(),
                    e);
        }
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        server = starting;
        try {
            starting.startup();
        } catch (RuntimeException e) {
            if (LoopbackPorts.isAddressInUse(e)) {
                throw e;
            }
            throw new ServerStartException(
                    name() + " did not start on " + bootstrapServers() + " (controller port " + controllerPort
                            + ", log dir " + logDir + ")",
                    e);
        }
    }

    @Override
    protected void stopServer() {
        KafkaRaftServer running = server;
        server = null;
        if (running != null) {
            running.shutdown();
            running.awaitShutdown();
        }
    }

    /** {@code 127.0.0.1:<port>}, for a client's {@code bootstrap.servers}. The same across restarts. */
    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    /** The client port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The KRaft controller port on 127.0.0.1; clients do not use it. */
    public int controllerPort() {
        return controllerPort;
    }

    public int nodeId() {
        return nodeId;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Where the broker keeps its partitions and metadata log; kept across restarts. */
    public Path logDirectory() {
        return logDir;
    }

    /** {@code bootstrap.servers} as a client config map, to extend with a client's own settings. */
    public Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }
}
