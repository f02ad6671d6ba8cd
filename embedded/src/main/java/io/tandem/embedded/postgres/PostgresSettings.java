package io.tandem.embedded.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start one embedded PostgreSQL.
 *
 * @param name names the server in logs, errors and its directory (a region name, say)
 * @param baseDir where its directory is created; {@code null} means the system temp dir
 * @param serverConfig {@code postgresql.conf} settings passed as {@code -c key=value}
 * @param startupTimeout how long to wait for the server to accept connections
 */
public record PostgresSettings(String name, Path baseDir, Map<String, String> serverConfig, Duration startupTimeout) {

    /**
     * What logical replication needs, bound to loopback only. zonky defaults to {@code
     * synchronous_commit=off}, with which a logical slot can miss just-committed changes.
     */
    public static final Map<String, String> DEFAULT_CONFIG = defaultConfig();

    public PostgresSettings {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "postgres name '" + name + "' must be letters, digits, '.', '_' or '-' (it names a directory)");
        }
        serverConfig = Map.copyOf(serverConfig);
        Objects.requireNonNull(startupTimeout, "startupTimeout");
    }

    /** The defaults: temp dir, {@link #DEFAULT_CONFIG}, 60 s to start (a cold start unpacks binaries). */
    public static PostgresSettings of(String name) {
        return new PostgresSettings(name, null, DEFAULT_CONFIG, Duration.ofSeconds(60));
    }

    public PostgresSettings withBaseDir(Path dir) {
        return new PostgresSettings(name, dir, serverConfig, startupTimeout);
    }

    /** These settings with one more (or a replaced) {@code postgresql.conf} setting. */
    public PostgresSettings withServerConfig(String key, String value) {
        Map<String, String> config = new LinkedHashMap<>(serverConfig);
        config.put(key, value);
        return new PostgresSettings(name, baseDir, config, startupTimeout);
    }

    private static Map<String, String> defaultConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listen_addresses", "127.0.0.1");
        config.put("unix_socket_directories", "''");
        config.put("wal_level", "logical");
        config.put("synchronous_commit", "on");
        config.put("max_replication_slots", "16");
        config.put("max_wal_senders", "16");
        config.put("max_connections", "100");
        config.put("shared_buffers", "32MB");
        config.put("timezone", "UTC");
        return Map.copyOf(config);
    }
}
