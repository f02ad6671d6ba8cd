package io.tandem.router.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.controller.Lifecycle;
import io.tandem.controller.access.HttpServerLimits;
import io.tandem.controller.access.HttpsEndpoint;
import io.tandem.controller.access.TlsSettings;
import io.tandem.router.RouterService;
import io.tandem.router.limit.ClientRateLimits;
import io.tandem.router.limit.RateLimitedException;
import io.tandem.router.log.LogContext;
import io.tandem.router.route.BadRequestException;
import io.tandem.router.route.NoRouteException;
import io.tandem.router.route.RoutingMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/JSON twin: {@code POST /v1/route}, {@code POST /v1/route:batch}, {@code GET /healthz},
 * {@code GET /metrics} (Prometheus text), {@code GET /status} (HTML: ownership, regions, staleness). Errors are JSON {@code {"error":{"code","field","message"}}}
 * with 400 (bad input), 404, 405, 413 (body over 64 KiB), 429 (rate limit), 503 (no owner yet). A
 * request that has not fully arrived within {@link HttpServerLimits#requestTimeout()} is closed, and
 * connections beyond {@link HttpServerLimits#maxConnections()} are refused, so slow clients cannot
 * hold its handler threads.
 * Lifecycle LATENT → STARTED → CLOSED; {@link #close()} is idempotent.
 */
public final class HttpRouterServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpRouterServer.class);

    /** Largest request body accepted. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Most of an oversized body read and discarded so that its 413 answer is delivered. */
    static final int DRAIN_BYTES = 1024 * 1024;

    private final Lifecycle lifecycle = new Lifecycle("HTTP router server");
    private final RouterService service;
    private final PrometheusMeterRegistry metrics;
    private final HttpServer server;
    private final ExecutorService executor;

    public HttpRouterServer(
            InetSocketAddress address,
            RouterService service,
            PrometheusMeterRegistry metrics,
            int threads,
            LogContext logContext) {
        this(address, service, metrics, threads, logContext, Optional.empty());
    }

    /**
     * @param tls HTTPS (and, with a client CA, mutual TLS) for the endpoint; empty for plain HTTP
     * @throws IllegalArgumentException naming the setting and file when a TLS file cannot be used
     */
    public HttpRouterServer(
            InetSocketAddress address,
            RouterService service,
            PrometheusMeterRegistry metrics,
            int threads,
            LogContext logContext,
            Optional<TlsSettings> tls) {
        this.service = service;
        this.metrics = metrics;
        HttpServerLimits.apply(); // before the first server: the JDK reads its limits once per JVM
        try {
            this.server =
                    tls.isEmpty() ? HttpServer.create(address, 256) : HttpsEndpoint.create(address, 256, tls.get());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot bind the HTTP router server to " + address + ": " + e.getMessage(), e);
        }
        // {@code threads} kept ready; more, up to the connection limit, while they are all busy (a slow
        // client holds only its own thread, and a queued request would outlive the request time limit).
        this.executor = new ThreadPoolExecutor(
                threads,
                Math.max(threads, HttpServerLimits.maxConnections()),
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                logContext.threads("router-http"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        lifecycle.start();
        server.start();
    }

    public int port() {
        lifecycle.requireStarted("report its port");
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/v1/route" -> post(ex, false);
                case "/v1/route:batch" -> post(ex, true);
                case "/healthz" -> get(ex, this::health);
                case "/metrics" -> get(ex, () -> metrics.scrape());
                case "/status" -> get(ex, () -> new Html(StatusPage.render(service.map())));
                default ->
                    send(
                            ex,
                            404,
                            JsonCodec.error(
                                    "NOT_FOUND",
                                    null,
                                    "no resource " + path
                                            + "; try POST /v1/route, POST /v1/route:batch, GET /healthz, GET /metrics, GET /status"));
            }
        } catch (IOException e) {
            log.debug("HTTP exchange with {} failed: {}", ex.getRemoteAddress(), e.getMessage(), e);
            throw e;
        } catch (RuntimeException e) {
            log.error("HTTP handler failed on {}: {}", ex.getRequestURI(), e.getMessage(), e);
            send(ex, 500, JsonCodec.error("INTERNAL", null, "router failed: " + e));
        }
    }

    private void get(HttpExchange ex, java.util.function.Supplier<Object> body) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            send(ex, 405, JsonCodec.error("METHOD_NOT_ALLOWED", null, "use GET"));
            return;
        }
        Object b = body.get();
        if (b instanceof Html html) {
            byte[] bytes = html.text().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        } else if (b instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        } else if (b instanceof Status status) {
            send(ex, status.code(), status.body());
        } else {
            send(ex, 200, (JsonNode) b);
        }
    }

    private record Html(String text) {}

    /** A JSON answer with a status code other than 200. */
    private record Status(int code, JsonNode body) {}

    /**
     * 200 SERVING while the router has a map (stale or not: static stability); 503 NOT_SERVING before it
     * ever loaded one, so a load balancer sends it no traffic it could only refuse.
     */
    private Object health() {
        RoutingMap m = service.map();
        boolean loaded = m.version() > 0;
        ObjectNode o = JsonCodec.MAPPER.createObjectNode();
        o.put("status", loaded ? "SERVING" : "NOT_SERVING");
        if (!loaded) {
            o.put("reason", "no routing map loaded yet: ZooKeeper has not been reached since the router started");
        }
        o.put("stale", m.stale() || !loaded);
        o.put("map_version", m.version());
        o.put("groups", m.groups().size());
        o.put("regions", m.regions().size());
        return loaded ? o : new Status(503, o);
    }

    private void post(HttpExchange ex, boolean batch) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            send(ex, 405, JsonCodec.error("METHOD_NOT_ALLOWED", null, "use POST with a JSON body"));
            return;
        }
        byte[] body = readCapped(ex);
        if (body == null) {
            send(
                    ex,
                    413,
                    JsonCodec.error(
                            "PAYLOAD_TOO_LARGE",
                            "body",
                            "request body exceeds " + MAX_BODY_BYTES + " bytes; send smaller batches"));
            return;
        }
        String client = ex.getRequestHeaders().getFirst(ClientRateLimits.CLIENT_ID_HEADER);
        try {
            JsonNode json;
            try {
                json = JsonCodec.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new BadRequestException("body", "is not valid JSON: " + e.getOriginalMessage());
            }
            send(ex, 200, batch ? batch(client, json) : single(client, json));
        } catch (BadRequestException e) {
            send(ex, 400, JsonCodec.error("INVALID_ARGUMENT", e.field(), e.getMessage()));
        } catch (RateLimitedException e) {
            ex.getResponseHeaders().set("Retry-After", "1");
            send(ex, 429, JsonCodec.error("RESOURCE_EXHAUSTED", null, e.getMessage()));
        } catch (NoRouteException e) {
            send(ex, 503, JsonCodec.error("UNAVAILABLE", null, e.getMessage()));
        }
    }

    private JsonNode single(String client, JsonNode json) {
        service.admit(client, 1);
        return JsonCodec.reply(service.route(() -> JsonCodec.request(json, "body")));
    }

    private JsonNode batch(String client, JsonNode json) {
        JsonNode requests = json == null ? null : json.get("requests");
        if (requests == null || !requests.isArray()) {
            throw new BadRequestException(
                    "requests", "expected an array of route requests, got " + JsonCodec.kind(requests));
        }
        if (requests.size() > RouterService.MAX_BATCH) {
            throw new BadRequestException(
                    "requests",
                    "holds " + requests.size() + " requests; at most " + RouterService.MAX_BATCH + " per batch");
        }
        service.admit(client, Math.max(1, requests.size()));
        ObjectNode out = JsonCodec.MAPPER.createObjectNode();
        ArrayNode results = out.putArray("results");
        for (int i = 0; i < requests.size(); i++) {
            JsonNode item = requests.get(i);
            String where = "requests[" + i + "]";
            try {
                ObjectNode reply = JsonCodec.reply(service.route(() -> JsonCodec.request(item, where)));
                results.addObject().set("reply", reply);
            } catch (BadRequestException e) {
                results.add(JsonCodec.error("INVALID_ARGUMENT", e.field(), e.getMessage()));
            } catch (NoRouteException e) {
                results.add(JsonCodec.error("UNAVAILABLE", null, e.getMessage()));
            }
        }
        return out;
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    /**
     * The request body, or null when it exceeds {@link #MAX_BODY_BYTES}. An oversized body of up to
     * {@link #DRAIN_BYTES} is read and discarded first, so the 413 answer reaches the client instead
     * of a connection reset (closing a socket with unread input resets it); beyond that the
     * connection is closed after the answer.
     */
    private static byte[] readCapped(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new IOException("Content-Length '" + length + "' is not a number", e);
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            if (declared > DRAIN_BYTES) {
                return null;
            }
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length <= MAX_BODY_BYTES) {
                return bytes;
            }
            // read, not skip: the JDK's request stream does not bound skip() by the body's length
            byte[] sink = new byte[8192];
            long drained = bytes.length;
            int n;
            while (drained < DRAIN_BYTES
                    && (n = in.read(sink, 0, (int) Math.min(sink.length, DRAIN_BYTES - drained))) > 0) {
                drained += n;
            }
            return null;
        }
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JsonCodec.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /**
     * Stops the server at once: idle keep-alive connections would otherwise hold {@code stop} for its
     * whole grace period, and a route answer is cheap to ask again. Idempotent.
     */
    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("HTTP router threads still running 2 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
