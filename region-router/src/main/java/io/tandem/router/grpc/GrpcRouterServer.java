package io.tandem.router.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.tandem.controller.Lifecycle;
import io.tandem.controller.access.TlsSettings;
import io.tandem.router.RouterService;
import io.tandem.router.grpc.v1.RouterGrpc;
import io.tandem.router.log.LogContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server: the router service plus {@code grpc.health.v1.Health} (SERVING while started,
 * also while the map is stale: answers stay useful). Transport and settings come from
 * {@link GrpcTransport}: epoll, requests decided on the transport thread ({@code directExecutor},
 * routing is in-memory and never blocks), inbound messages capped at 64 KiB (RESOURCE_EXHAUSTED
 * beyond). {@link #close()} is idempotent.
 */
public final class GrpcRouterServer implements AutoCloseable {

    /** Largest request message accepted. */
    public static final int MAX_MESSAGE_BYTES = GrpcTransport.MAX_MESSAGE_BYTES;

    private final Lifecycle lifecycle = new Lifecycle("gRPC router server");
    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;

    public GrpcRouterServer(InetSocketAddress address, RouterService service, LogContext logContext) {
        this(address, service, logContext, Optional.empty());
    }

    /**
     * @param tls TLS (and, with a client CA, mutual TLS) for the endpoint; empty for plain text
     * @throws IllegalArgumentException naming the setting and file when a TLS file cannot be used
     */
    public GrpcRouterServer(
            InetSocketAddress address, RouterService service, LogContext logContext, Optional<TlsSettings> tls) {
        this.server = GrpcTransport.serverBuilder(address, credentials(tls))
                .addService(ServerInterceptors.intercept(
                        new RouterGrpcService(service, logContext), new ClientIdInterceptor()))
                .addService(health.getHealthService())
                .build();
    }

    private static ServerCredentials credentials(Optional<TlsSettings> tls) {
        if (tls.isEmpty()) {
            return InsecureServerCredentials.create();
        }
        TlsSettings t = tls.get();
        TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(t.keyManagers());
        if (t.clientAuthority().isPresent()) {
            builder.trustManager(t.trustManagers());
        }
        return builder.clientAuth(
                        switch (t.clientAuth()) {
                            case NONE -> TlsServerCredentials.ClientAuth.NONE;
                            case OPTIONAL -> TlsServerCredentials.ClientAuth.OPTIONAL;
                            case REQUIRE -> TlsServerCredentials.ClientAuth.REQUIRE;
                        })
                .build();
    }

    public void start() {
        lifecycle.start();
        try {
            server.start();
        } catch (IOException e) {
            lifecycle.close();
            throw new UncheckedIOException("cannot start the gRPC router server: " + e.getMessage(), e);
        }
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(RouterGrpc.SERVICE_NAME, ServingStatus.SERVING);
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        lifecycle.requireStarted("report its port");
        return server.getPort();
    }

    /** Stops accepting calls, lets running ones finish for up to 2 s, then cancels them. Idempotent. */
    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
