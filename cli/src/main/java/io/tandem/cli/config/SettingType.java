package io.tandem.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's text or YAML value becomes a typed value. Each type names the form it expects, so
 * an error can tell the user what to write.
 */
public interface SettingType<T> {

    /** Converts a raw value (a YAML scalar or an environment string) or throws with the reason. */
    T parse(Object raw);

    /** The expected form, shown in errors and in the reference docs, e.g. "a duration such as 500ms or 2s". */
    String form();

    /** Renders a value the way a user would write it in YAML. */
    default String render(T value) {
        return String.valueOf(value);
    }

    SettingType<String> STRING = new SettingType<>() {
        @Override
        public String parse(Object raw) {
            String text = String.valueOf(raw).trim();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return text;
        }

        @Override
        public String form() {
            return "a non-empty string";
        }
    };

    SettingType<Integer> INT = new SettingType<>() {
        @Override
        public Integer parse(Object raw) {
            if (raw instanceof Integer i) {
                return i;
            }
            try {
                return Integer.parseInt(String.valueOf(raw).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + raw + "' is not an integer");
            }
        }

        @Override
        public String form() {
            return "an integer";
        }
    };

    SettingType<Boolean> BOOLEAN = new SettingType<>() {
        @Override
        public Boolean parse(Object raw) {
            if (raw instanceof Boolean b) {
                return b;
            }
            return switch (String.valueOf(raw).trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException("'" + raw + "' is not true or false");
            };
        }

        @Override
        public String form() {
            return "true or false";
        }
    };

    SettingType<Path> PATH = new SettingType<>() {
        @Override
        public Path parse(Object raw) {
            return Path.of(STRING.parse(raw));
        }

        @Override
        public String form() {
            return "a file-system path";
        }
    };

    SettingType<Duration> DURATION = new SettingType<>() {
        private final Pattern pattern = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

        @Override
        public Duration parse(Object raw) {
            String text = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
            Matcher m = pattern.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + raw + "' is not a duration");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }

        @Override
        public String form() {
            return "a duration such as 500ms, 2s, 5m or 1h";
        }

        @Override
        public String render(Duration value) {
            long ms = value.toMillis();
            if (ms % 3_600_000 == 0 && ms > 0) {
                return ms / 3_600_000 + "h";
            }
            if (ms % 60_000 == 0 && ms > 0) {
                return ms / 60_000 + "m";
            }
            if (ms % 1000 == 0 && ms > 0) {
                return ms / 1000 + "s";
            }
            return ms + "ms";
        }
    };

    /** A region or cluster name: lower-case letters, digits and dashes, as used in topic and slot names. */
    SettingType<String> NAME = new SettingType<>() {
        private final Pattern pattern = Pattern.compile("[a-z][a-z0-9-]{0,39}");

        @Override
        public String parse(Object raw) {
            String text = String.valueOf(raw).trim();
            if (!pattern.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + raw + "' is not a valid name");
            }
            return text;
        }

        @Override
        public String form() {
            return "a name of lower-case letters, digits and dashes starting with a letter (at most 40)";
        }
    };

    /** A {@code host:port} list separated by commas. */
    SettingType<String> HOST_PORTS = new SettingType<>() {
        private final Pattern pattern =
                Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}(,[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5})*");

        @Override
        public String parse(Object raw) {
            String text = String.valueOf(raw).replace(" ", "");
            if (!pattern.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + raw + "' is not a host:port list");
            }
            return text;
        }

        @Override
        public String form() {
            return "host:port[,host:port...]";
        }
    };

    /** A comma-separated list, or a YAML sequence, of non-empty strings; empty for none. */
    SettingType<java.util.List<String>> LIST = new SettingType<>() {
        @Override
        public java.util.List<String> parse(Object raw) {
            java.util.List<String> items = new java.util.ArrayList<>();
            if (raw instanceof java.util.Collection<?> many) {
                for (Object o : many) {
                    items.add(STRING.parse(o == null ? "" : o));
                }
                return java.util.List.copyOf(items);
            }
            for (String part : String.valueOf(raw).split(",")) {
                if (!part.isBlank()) {
                    items.add(part.strip());
                }
            }
            return java.util.List.copyOf(items);
        }

        @Override
        public String form() {
            return "a list (YAML sequence or comma-separated)";
        }

        @Override
        public String render(java.util.List<String> value) {
            return value.isEmpty() ? "[]" : String.join(",", value);
        }
    };

    /** One of a fixed set of words (compared case-insensitively, kept as written in {@code choices}). */
    static SettingType<String> oneOf(String... choices) {
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String text = String.valueOf(raw).strip();
                for (String c : choices) {
                    if (c.equalsIgnoreCase(text)) {
                        return c;
                    }
                }
                throw new IllegalArgumentException("'" + raw + "' is not one of " + String.join(", ", choices));
            }

            @Override
            public String form() {
                return "one of " + String.join(", ", choices);
            }
        };
    }

    /** An optional value of {@code type}: absent by default, rendered as {@code none}. */
    static <T> SettingType<java.util.Optional<T>> maybe(SettingType<T> type) {
        return new SettingType<>() {
            @Override
            public java.util.Optional<T> parse(Object raw) {
                return java.util.Optional.of(type.parse(raw));
            }

            @Override
            public String form() {
                return type.form() + " (optional)";
            }

            @Override
            public String render(java.util.Optional<T> value) {
                return value.map(type::render).orElse("none");
            }
        };
    }
}
