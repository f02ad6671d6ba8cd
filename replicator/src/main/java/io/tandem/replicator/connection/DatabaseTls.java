package io.tandem.replicator.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * TLS of every connection Tandem opens to one region's PostgreSQL: the applier's and the daemon's
 * data sources, the schema bootstrap, the heartbeat, the slot position reader, capture's offset
 * store (all through {@link #urlParameters()} on the JDBC URL) and Debezium's own connections
 * ({@link #debeziumProperties()}).
 *
 * @param mode PgJDBC {@code sslmode}
 * @param rootCert PEM CA certificate(s) the server's certificate must chain to; PgJDBC's default
 *     ({@code ~/.postgresql/root.crt}) when empty
 */
public record DatabaseTls(SslMode mode, Optional<Path> rootCert) {

    /** PgJDBC's own default: TLS when the server offers it, without checking its certificate. */
    public static final DatabaseTls DEFAULT = new DatabaseTls(SslMode.PREFER, Optional.empty());

    public DatabaseTls {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(rootCert, "rootCert");
    }

    /** The JDBC URL parameters ({@code sslmode=verify-full&sslrootcert=...}), URL-encoded. */
    public String urlParameters() {
        return jdbcProperties().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** PgJDBC connection properties. */
    public Map<String, String> jdbcProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sslmode", mode.text());
        rootCert.ifPresent(file -> p.put("sslrootcert", file.toString()));
        return p;
    }

    /** The Debezium PostgreSQL connector's {@code database.ssl*} settings (its replication connection too). */
    public Map<String, String> debeziumProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        jdbcProperties().forEach((key, value) -> p.put("database." + key, value));
        return p;
    }

    @Override
    public String toString() {
        return "sslmode=" + mode.text()
                + rootCert.map(f -> ", sslrootcert=" + f).orElse("");
    }
}
