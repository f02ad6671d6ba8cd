package io.tandem.cli.daemon.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.controller.access.HttpServerLimits;
import io.tandem.controller.access.HttpsEndpoint;
import io.tandem.controller.access.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP endpoint: the status page at {@code /}, its data at {@code /api/status},
 * {@code /healthz} (200 or 503 with the reasons) and {@code /metrics} (Prometheus text). Slow
 * clients are closed after {@link HttpServerLimits#requestTimeout()}; connections are capped at
 * {@link HttpServerLimits#maxConnections()}.
 *
 * <p>Lifecycle NEW → RUNNING → CLOSED, moved by compare-and-set; {@link #close()} is idempotent.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);

    /** The server's lifecycle. */
    public enum State {
        NEW,
        RUNNING,
        CLOSED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final Supplier<StatusSnapshot> status;
    private final Supplier<HealthCheck> health;
    private final Supplier<String> metrics;
    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private final byte[] page;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param status the current snapshot, taken on each request
     * @param health the current health
     * @param metrics the Prometheus exposition text (e.g. {@code PrometheusMeterRegistry::scrape})
     */
    public StatusServer(Supplier<StatusSnapshot> status, Supplier<HealthCheck> health, Supplier<String> metrics) {
        this.status = status;
        this.health = health;
        this.metrics = metrics;
        this.page = loadPage();
    }

    /** Binds and starts serving plain HTTP; returns the bound port (useful with port 0). */
    public int start(String bindAddress, int port) {
        return start(bindAddress, port, Optional.empty());
    }

    /**
     * Binds and starts serving, over HTTPS (and mutual TLS when {@code tls} has a client CA) when
     * {@code tls} is present; returns the bound port (useful with port 0).
     *
     * @throws IllegalArgumentException naming the setting and file when a TLS file cannot be used
     */
    public int start(String bindAddress, int port, Optional<TlsSettings> tls) {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("status server: expected state NEW to start, was " + state.get());
        }
        HttpServerLimits.apply(); // before the first server: the JDK reads its limits once per JVM
        try {
            InetSocketAddress address = new InetSocketAddress(bindAddress, port);
            server = tls.isEmpty() ? HttpServer.create(address, 64) : HttpsEndpoint.create(address, 64, tls.get());
        } catch (RuntimeException e) {
            state.set(State.CLOSED);
            throw e;
        } catch (IOException e) {
            state.set(State.CLOSED);
            throw new UncheckedIOException(
                    "cannot serve HTTP on " + bindAddress + ":" + port + " (" + e.getMessage()
                            + "); choose another http.port",
                    e);
        }
        // One thread per open connection, up to the connection limit: a slow client holds only its own.
        executor = new ThreadPoolExecutor(
                1, HttpServerLimits.maxConnections(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "tandem-http");
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        int bound = server.getAddress().getPort();
        log.info("status page on {}://{}:{}/", tls.isEmpty() ? "http" : "https", bindAddress, bound);
        return bound;
    }

    public State state() {
        return state.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "text/plain", "only GET is served here\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/", "/index.html" -> reply(exchange, 200, "text/html; charset=utf-8", page);
                case "/api/status" -> reply(exchange, 200, "application/json", json.writeValueAsBytes(status.get()));
                case "/healthz" -> {
                    HealthCheck check = health.get();
                    String body = check.isHealthy() ? "ok\n" : String.join("\n", check.problems()) + "\n";
                    reply(exchange, check.isHealthy() ? 200 : 503, "text/plain", body);
                }
                case "/metrics" -> reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
                default ->
                    reply(
                            exchange,
                            404,
                            "text/plain",
                            "no page " + exchange.getRequestURI().getPath()
                                    + "; try /, /api/status, /healthz or /metrics\n");
            }
        } catch (RuntimeException e) {
            log.warn("status request {} failed", exchange.getRequestURI(), e);
            try {
                reply(exchange, 500, "text/plain", "internal error: " + e.getMessage() + "\n");
            } catch (IOException ignored) {
                // the response was already started; the client sees a truncated reply
            }
        }
    }

    private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        reply(exchange, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] loadPage() {
        try (InputStream in = StatusServer.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IllegalStateException("status.html is missing from the tandem-cli jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops serving. Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.RUNNING) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
