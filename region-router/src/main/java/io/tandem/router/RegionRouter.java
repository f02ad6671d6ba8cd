package io.tandem.router;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.controller.Lifecycle;
import io.tandem.controller.MonotonicClock;
import io.tandem.router.grpc.GrpcRouterServer;
import io.tandem.router.http.HttpRouterServer;
import io.tandem.router.limit.ClientRateLimits;
import io.tandem.router.log.LogContext;
import io.tandem.router.map.RoutingMapSource;
import io.tandem.router.route.Router;
import java.net.InetSocketAddress;

/**
 * One router process: the gRPC server and (unless {@code http_port} is -1) the HTTP server, both
 * answering from {@code maps}. It does not own {@code maps}: whoever built the map source closes it.
 * Lifecycle LATENT → STARTED → CLOSED by compare-and-set; {@link #close()} is idempotent.
 */
public final class RegionRouter implements AutoCloseable {

    private final Lifecycle lifecycle = new Lifecycle("region router");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GrpcRouterServer grpc;
    private final HttpRouterServer http;

    public RegionRouter(RouterConfig config, RoutingMapSource maps, MonotonicClock clock) {
        RouterService service = new RouterService(
                new Router(config.routing()),
                maps,
                new ClientRateLimits(config.ratePerClient()),
                new RouterMetrics(registry, maps, clock));
        LogContext log = new LogContext(config.region(), "router");
        this.grpc = new GrpcRouterServer(
                new InetSocketAddress(config.bind(), config.grpcPort()), service, log, config.tls());
        this.http = config.httpPort() < 0
                ? null
                : new HttpRouterServer(
                        new InetSocketAddress(config.bind(), config.httpPort()),
                        service,
                        registry,
                        config.httpThreads(),
                        log,
                        config.tls());
    }

    public void start() {
        lifecycle.start();
        grpc.start();
        if (http != null) {
            http.start();
        }
    }

    public int grpcPort() {
        return grpc.port();
    }

    /** @throws IllegalStateException when the router was configured without HTTP ({@code http_port: -1}) */
    public int httpPort() {
        if (http == null) {
            throw new IllegalStateException("this router has no HTTP server (http_port is -1)");
        }
        return http.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops both servers. Idempotent. */
    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        try {
            grpc.close();
        } finally {
            if (http != null) {
                http.close();
            }
            registry.close();
        }
    }
}
