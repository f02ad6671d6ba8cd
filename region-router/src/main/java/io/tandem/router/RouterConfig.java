package io.tandem.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClientAuth;
import io.tandem.controller.access.TlsSettings;
import io.tandem.controller.access.ZkTls;
import io.tandem.router.log.LogContext;
import io.tandem.router.route.LatencyTable;
import io.tandem.router.route.RoutingConfig;
import io.tandem.router.route.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The router's config, read from JSON (see the module README for the format). Every setting with
 * its default:
 *
 * <ul>
 *   <li>{@code region} (string, none): the region this router serves, put in every log line's MDC
 *       ({@code -} when absent);
 *   <li>{@code bind} (string, {@value #DEFAULT_BIND}): address both servers listen on;
 *   <li>{@code grpc_port} (int, 7070; 0 = any free port), {@code http_port} (int, 7080; 0 = any; -1 = no HTTP);
 *   <li>{@code http_threads} (int, 4);
 *   <li>{@code rate_limit_per_client} (int routes/s per client id, 1000; 0 = off);
 *   <li>{@code zookeeper.connect} (string, required), {@code zookeeper.cluster} (string, required),
 *       {@code zookeeper.session_timeout} (ISO-8601 duration, PT10S);
 *   <li>{@code tables} (list of {name, shards, groups}), {@code groups} (list), {@code latency}
 *       (client region → regions nearest first, required);
 *   <li>{@code tls} (object, none = plain text): {@code cert} and {@code key} (PEM files; the key
 *       unencrypted PKCS#8) turn on TLS for both the gRPC and the HTTP endpoint; {@code ca} (PEM)
 *       and {@code client_auth} ({@code none}, {@code optional}, {@code require}; default
 *       {@code require} when {@code ca} is set) turn on mutual TLS;
 *   <li>{@code zookeeper.credential_file} (path, none): the router's ZooKeeper identity
 *       ({@code user:password}, role reader suffices) when the cluster's nodes carry ACLs;
 *   <li>{@code zookeeper.tls} (object, none = plain text): {@code truststore} (CA of the ZooKeeper
 *       servers' certificates; turns TLS on), {@code keystore} (client certificate and key when the
 *       ensemble requires one), {@code truststore_password_file}, {@code keystore_password_file}.
 * </ul>
 */
public record RouterConfig(
        String region,
        String bind,
        int grpcPort,
        int httpPort,
        int httpThreads,
        int ratePerClient,
        String zkConnect,
        ZkPaths zkPaths,
        Duration zkSessionTimeout,
        RoutingConfig routing,
        Optional<TlsSettings> tls,
        Optional<Path> zkCredentialFile,
        Optional<ZkTls> zkTls) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_HTTP_THREADS = 4;

    /** A plain-text router whose ZooKeeper client has no credential. */
    public RouterConfig(
            String region,
            String bind,
            int grpcPort,
            int httpPort,
            int httpThreads,
            int ratePerClient,
            String zkConnect,
            ZkPaths zkPaths,
            Duration zkSessionTimeout,
            RoutingConfig routing) {
        this(
                region,
                bind,
                grpcPort,
                httpPort,
                httpThreads,
                ratePerClient,
                zkConnect,
                zkPaths,
                zkSessionTimeout,
                routing,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** This config with {@code settings} for both endpoints. */
    public RouterConfig withTls(TlsSettings settings) {
        return new RouterConfig(
                region,
                bind,
                grpcPort,
                httpPort,
                httpThreads,
                ratePerClient,
                zkConnect,
                zkPaths,
                zkSessionTimeout,
                routing,
                Optional.of(settings),
                zkCredentialFile,
                zkTls);
    }

    /** This config with its ZooKeeper client over {@code settings}. */
    public RouterConfig withZooKeeperTls(ZkTls settings) {
        return new RouterConfig(
                region,
                bind,
                grpcPort,
                httpPort,
                httpThreads,
                ratePerClient,
                zkConnect,
                zkPaths,
                zkSessionTimeout,
                routing,
                tls,
                zkCredentialFile,
                Optional.of(settings));
    }

    public RouterConfig {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must be a non-empty string (use \"-\" for none)");
        }
        if (grpcPort < 0 || grpcPort > 65535) {
            throw new IllegalArgumentException("grpc_port " + grpcPort + " must be 0-65535");
        }
        if (httpPort < -1 || httpPort > 65535) {
            throw new IllegalArgumentException("http_port " + httpPort + " must be 0-65535, or -1 for no HTTP server");
        }
        if (httpThreads < 1) {
            throw new IllegalArgumentException("http_threads " + httpThreads + " must be >= 1");
        }
        if (ratePerClient < 0) {
            throw new IllegalArgumentException("rate_limit_per_client " + ratePerClient + " must be >= 0 (0 = off)");
        }
        if (routing == null) {
            throw new IllegalArgumentException("routing config is required");
        }
        tls = tls == null ? Optional.empty() : tls;
        zkCredentialFile = zkCredentialFile == null ? Optional.empty() : zkCredentialFile;
        zkTls = zkTls == null ? Optional.empty() : zkTls;
    }

    /** Reads and validates a config file; errors name the file and the setting. */
    public static RouterConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read router config " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("router config " + file + ": " + e.getMessage(), e);
        }
    }

    public static RouterConfig parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object at the top level");
        }
        JsonNode zk = root.path("zookeeper");
        List<TableSpec> tables = new ArrayList<>();
        for (JsonNode t : root.path("tables")) {
            List<String> groups = new ArrayList<>();
            t.path("groups").forEach(g -> groups.add(g.asText()));
            tables.add(new TableSpec(
                    requireText(t, "name", "tables[].name"), requireInt(t, "shards", "tables[].shards", 0), groups));
        }
        List<String> groups = new ArrayList<>();
        root.path("groups").forEach(g -> groups.add(g.asText()));
        Map<String, List<String>> latency = new LinkedHashMap<>();
        root.path("latency").fields().forEachRemaining(e -> {
            List<String> order = new ArrayList<>();
            e.getValue().forEach(r -> order.add(r.asText()));
            latency.put(e.getKey(), order);
        });
        return new RouterConfig(
                root.has("region") ? requireText(root, "region", "region") : LogContext.UNSET,
                root.has("bind") ? requireText(root, "bind", "bind") : DEFAULT_BIND,
                requireInt(root, "grpc_port", "grpc_port", 7070),
                requireInt(root, "http_port", "http_port", 7080),
                requireInt(root, "http_threads", "http_threads", DEFAULT_HTTP_THREADS),
                requireInt(root, "rate_limit_per_client", "rate_limit_per_client", 1000),
                requireText(zk, "connect", "zookeeper.connect"),
                ZkPaths.forCluster(requireText(zk, "cluster", "zookeeper.cluster")),
                duration(zk, "session_timeout", "zookeeper.session_timeout", Duration.ofSeconds(10)),
                new RoutingConfig(tables, groups, new LatencyTable(latency)),
                tls(root.path("tls")),
                optionalPath(zk, "credential_file", "zookeeper.credential_file"),
                zkTls(zk.path("tls")));
    }

    private static Optional<ZkTls> zkTls(JsonNode tls) {
        if (tls.isMissingNode() || tls.isNull()) {
            return Optional.empty();
        }
        if (!tls.isObject()) {
            throw new IllegalArgumentException("zookeeper.tls must be an object with truststore, keystore,"
                    + " truststore_password_file and keystore_password_file, got " + tls);
        }
        return ZkTls.of(
                optionalPath(tls, "truststore", "zookeeper.tls.truststore"),
                optionalPath(tls, "truststore_password_file", "zookeeper.tls.truststore_password_file"),
                optionalPath(tls, "keystore", "zookeeper.tls.keystore"),
                optionalPath(tls, "keystore_password_file", "zookeeper.tls.keystore_password_file"),
                "zookeeper.tls");
    }

    private static Optional<TlsSettings> tls(JsonNode tls) {
        if (tls.isMissingNode() || tls.isNull()) {
            return Optional.empty();
        }
        if (!tls.isObject()) {
            throw new IllegalArgumentException("tls must be an object with cert, key, ca and client_auth, got " + tls);
        }
        Optional<Path> ca = optionalPath(tls, "ca", "tls.ca");
        ClientAuth auth = tls.has("client_auth")
                ? ClientAuth.parse(requireText(tls, "client_auth", "tls.client_auth"), "tls.client_auth")
                : ca.isPresent() ? ClientAuth.REQUIRE : ClientAuth.NONE;
        return TlsSettings.of(
                optionalPath(tls, "cert", "tls.cert"), optionalPath(tls, "key", "tls.key"), ca, auth, "tls");
    }

    private static Optional<Path> optionalPath(JsonNode node, String field, String name) {
        return node.has(field) ? Optional.of(Path.of(requireText(node, field, name))) : Optional.empty();
    }

    private static String requireText(JsonNode node, String field, String name) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException(name + " is required and must be a non-empty string");
        }
        return v.textValue();
    }

    private static int requireInt(JsonNode node, String field, String name, int dflt) {
        JsonNode v = node.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isInt()) {
            throw new IllegalArgumentException(name + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static Duration duration(JsonNode node, String field, String name, Duration dflt) {
        JsonNode v = node.get(field);
        if (v == null) {
            return dflt;
        }
        try {
            return Duration.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT10S, got " + v, e);
        }
    }
}
