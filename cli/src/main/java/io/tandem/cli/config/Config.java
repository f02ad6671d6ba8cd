package io.tandem.cli.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated configuration: typed values by setting, with defaults filled in. Immutable.
 * Family settings (e.g. {@code peers.<region>.kafka}) are read with {@link #family(Setting)}.
 */
public final class Config {
    private final Map<String, Object> values;
    private final Map<String, Map<String, Object>> families;

    Config(Map<String, Object> values, Map<String, Map<String, Object>> families) {
        this.values = Map.copyOf(values);
        Map<String, Map<String, Object>> copy = new TreeMap<>();
        families.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        this.families = Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (setting.isFamily()) {
            throw new IllegalArgumentException(setting.key() + " is a family; read it with family()");
        }
        Object value = values.get(setting.key());
        if (value == null) {
            throw new IllegalStateException("setting " + setting.key() + " was not validated into this config");
        }
        return (T) value;
    }

    /** The members of a family setting by name, in name order; empty when none is configured. */
    @SuppressWarnings("unchecked")
    public <T> Map<String, T> family(Setting<T> setting) {
        return (Map<String, T>) families.getOrDefault(setting.key(), Map.of());
    }
}
