package io.tandem.embedded.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the end of PostgreSQL's log, to explain a failed start. */
final class ServerLog {
    private static final int TAIL_LINES = 20;

    private ServerLog() {}

    static String tail(Path log) {
        if (!Files.exists(log)) {
            return "(no log at " + log + ")";
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    /** Starts a fresh log, so an earlier attempt's errors do not explain this one's. */
    static void clear(Path log) {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not delete the old log " + log, e);
        }
    }

    static boolean saysAddressInUse(String log) {
        return log.contains("Address already in use") || log.contains("could not create any TCP/IP sockets");
    }
}
