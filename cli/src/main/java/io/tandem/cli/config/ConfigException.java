package io.tandem.cli.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used. It lists every problem found, each naming the key, where the
 * value came from, and what is expected, so one run shows everything to fix.
 */
public final class ConfigException extends RuntimeException {
    private final List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::describe).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One problem with one key. */
    public static final class Problem extends RuntimeException {
        private final String key;
        private final String source;
        private final String reason;

        public Problem(String key, String source, String reason) {
            super(key + ": " + reason);
            this.key = key;
            this.source = source;
            this.reason = reason;
        }

        public String key() {
            return key;
        }

        public String describe() {
            return source + ": " + key + ": " + reason;
        }

        @Override
        public String toString() {
            return describe();
        }

        String reason() {
            return reason;
        }
    }
}
