package io.tandem.embedded.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start one embedded Kafka broker.
 *
 * @param name names the broker in logs, errors and its directory (a region name, say)
 * @param baseDir where its directory is created; {@code null} means the system temp dir
 * @param overrides broker settings that replace the defaults of {@link BrokerConfig}
 */
public record KafkaSettings(String name, Path baseDir, Map<String, String> overrides) {

    public KafkaSettings {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "kafka name '" + name + "' must be letters, digits, '.', '_' or '-' (it names a directory)");
        }
        overrides = Map.copyOf(overrides);
    }

    public static KafkaSettings of(String name) {
        return new KafkaSettings(name, null, Map.of());
    }

    public KafkaSettings withBaseDir(Path dir) {
        return new KafkaSettings(name, dir, overrides);
    }

    /** These settings with one more broker setting, for example {@code num.partitions}. */
    public KafkaSettings withOverride(String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put(key, value);
        return new KafkaSettings(name, baseDir, all);
    }
}
