package io.tandem.cli.config;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One configuration setting, defined once: its key, type, default, documentation and validation.
 * The reference documentation is generated from these definitions.
 *
 * @param key dotted key as written in YAML, e.g. {@code zookeeper.session-timeout}
 * @param type how the raw value is parsed
 * @param defaultValue the value when the setting is absent; empty means the setting is required
 * @param doc one or two sentences for the reference docs
 * @param check an extra rule on the parsed value
 * @param rule what the check requires, in words (shown when it fails)
 * @param secret whether the value must never be printed (it is shown as {@code ****})
 */
public record Setting<T>(
        String key,
        SettingType<T> type,
        Optional<T> defaultValue,
        String doc,
        Predicate<T> check,
        String rule,
        boolean secret) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.([a-z][a-z0-9-]*|<[a-z]+>))*");

    public Setting {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("setting key '" + key + "' must be dotted lower-case words");
        }
        if (doc == null || doc.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " needs documentation");
        }
        if (type == null || defaultValue == null || check == null) {
            throw new IllegalArgumentException("setting " + key + ": type, default and check are required");
        }
    }

    public static <T> Setting<T> required(String key, SettingType<T> type, String doc) {
        return new Setting<>(key, type, Optional.empty(), doc, v -> true, "", false);
    }

    public static <T> Setting<T> optional(String key, SettingType<T> type, T defaultValue, String doc) {
        return new Setting<>(key, type, Optional.of(defaultValue), doc, v -> true, "", false);
    }

    /** The same setting with an extra validation rule. */
    public Setting<T> requiring(Predicate<T> rule, String description) {
        return new Setting<>(key, type, defaultValue, doc, check.and(rule), description, secret);
    }

    /** The same setting marked secret: never printed, in errors neither. */
    public Setting<T> asSecret() {
        return new Setting<>(key, type, defaultValue, doc, check, rule, true);
    }

    /**
     * Whether this setting is a family with one member per name, e.g. {@code peers.<region>.kafka};
     * its placeholder segment is written in angle brackets.
     */
    public boolean isFamily() {
        return key.contains("<");
    }

    /** Whether a concrete dotted key (from a file) is this setting or a member of its family. */
    boolean matches(String concreteKey) {
        if (!isFamily()) {
            return key.equals(concreteKey);
        }
        String[] pattern = key.split("\\.");
        String[] actual = concreteKey.split("\\.");
        if (pattern.length != actual.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            boolean placeholder = pattern[i].startsWith("<");
            if (!placeholder && !pattern[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    /** For a family member's concrete key, the name in the placeholder position. */
    String memberName(String concreteKey) {
        String[] pattern = key.split("\\.");
        String[] actual = concreteKey.split("\\.");
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("<")) {
                return actual[i];
            }
        }
        throw new IllegalStateException(key + " is not a family");
    }

    /** The environment variable that overrides this setting, e.g. {@code TANDEM_ZOOKEEPER_SESSION_TIMEOUT}. */
    public String environmentVariable() {
        return "TANDEM_"
                + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Parses and validates a raw value, or throws a {@link ConfigException.Problem} naming this key. */
    T parse(Object raw, String source) {
        T value;
        try {
            value = type.parse(raw);
        } catch (IllegalArgumentException e) {
            String shown = secret ? "the value" : e.getMessage();
            throw new ConfigException.Problem(key, source, shown + "; expected " + type.form());
        }
        if (!check.test(value)) {
            String shown = secret ? "****" : type.render(value);
            throw new ConfigException.Problem(key, source, shown + " is not allowed: " + rule);
        }
        return value;
    }
}
