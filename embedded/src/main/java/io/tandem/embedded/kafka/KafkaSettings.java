package io.tandem.embedded.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start one embedded Kafka broker.
 *
 * @param name names the broker in logs, errors and its directory (a region name, say)
 * @param baseDir where its directory is created; {@code null} means the system temp dir
 * @param overrides broker settings that replace the defaults of {@link BrokerConfig}
 * @param linkListeners extra client listeners, each on its own port and advertised at another
 *     address (a fault proxy in front of it), so that clients of one link keep going through it
 */
public record KafkaSettings(
        String name, Path baseDir, Map<String, String> overrides, List<LinkListener> linkListeners) {

    /**
     * A client listener named {@code name} (upper-case letters, digits, '_') bound to 127.0.0.1:{@code
     * port} and advertised as {@code advertised} ({@code host:port}). Chaos tests put a TCP fault proxy
     * at the advertised address: without it, a client would follow the metadata response to the
     * broker's own port and bypass the proxy.
     */
    public record LinkListener(String name, int port, String advertised) {
        public LinkListener {
            if (name == null
                    || !name.matches("[A-Z][A-Z0-9_]*")
                    || name.equals("PLAINTEXT")
                    || name.equals("CONTROLLER")) {
                throw new IllegalArgumentException("listener name '" + name
                        + "' must be upper-case letters, digits and '_', other than PLAINTEXT and CONTROLLER");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("listener " + name + ": port " + port + " out of range");
            }
            Objects.requireNonNull(advertised, "advertised");
        }
    }

    public KafkaSettings(String name, Path baseDir, Map<String, String> overrides) {
        this(name, baseDir, overrides, List.of());
    }

    public KafkaSettings {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "kafka name '" + name + "' must be letters, digits, '.', '_' or '-' (it names a directory)");
        }
        overrides = Map.copyOf(overrides);
        linkListeners = List.copyOf(linkListeners);
    }

    public static KafkaSettings of(String name) {
        return new KafkaSettings(name, null, Map.of());
    }

    public KafkaSettings withBaseDir(Path dir) {
        return new KafkaSettings(name, dir, overrides, linkListeners);
    }

    /** These settings with one more broker setting, for example {@code num.partitions}. */
    public KafkaSettings withOverride(String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put(key, value);
        return new KafkaSettings(name, baseDir, all, linkListeners);
    }

    /** These settings with one more client listener advertised elsewhere (see {@link LinkListener}). */
    public KafkaSettings withLinkListener(LinkListener listener) {
        List<LinkListener> all = new java.util.ArrayList<>(linkListeners);
        all.add(listener);
        return new KafkaSettings(name, baseDir, overrides, all);
    }
}
