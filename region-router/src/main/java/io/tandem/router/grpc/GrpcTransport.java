package io.tandem.router.grpc;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;

/**
 * How the router's gRPC servers are built, in one place so that the benchmark's empty-handler
 * baseline runs on exactly the router's transport and settings:
 *
 * <ul>
 *   <li>Netty's native epoll transport on Linux ({@code grpc-netty-shaded} ships the natives and
 *       picks it when {@link #epoll()} is true; NIO elsewhere), Netty's default event loops;
 *   <li>calls run on the transport thread ({@code directExecutor}): route decisions are in-memory and
 *       never block, so a hand-off to an executor would only add a thread switch per call;
 *   <li>inbound messages capped at {@value #MAX_MESSAGE_BYTES} bytes (RESOURCE_EXHAUSTED beyond);
 *   <li>a 1 MiB HTTP/2 flow-control window per stream (gRPC's default, stated here: route messages are
 *       a few hundred bytes, so the window never throttles them);
 *   <li>slow or idle clients cannot hold connections: the TLS and HTTP/2 handshake must complete within
 *       {@link #HANDSHAKE_TIMEOUT} (gRPC's default is 120 s), a connection without calls for
 *       {@link #MAX_CONNECTION_IDLE} is closed, and a client gets at most
 *       {@value #MAX_CALLS_PER_CONNECTION} calls in flight per connection.
 * </ul>
 */
public final class GrpcTransport {

    /** Largest request message accepted. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    /** HTTP/2 flow-control window per stream. */
    public static final int FLOW_CONTROL_WINDOW_BYTES = 1024 * 1024;

    /** How long a client may take to complete the TLS and HTTP/2 handshake. */
    public static final java.time.Duration HANDSHAKE_TIMEOUT = java.time.Duration.ofSeconds(10);

    /** A connection with no call in flight for this long is closed (the client reconnects when it needs to). */
    public static final java.time.Duration MAX_CONNECTION_IDLE = java.time.Duration.ofMinutes(5);

    /** Calls in flight per connection. */
    public static final int MAX_CALLS_PER_CONNECTION = 1024;

    private GrpcTransport() {}

    /** A server builder on {@code address} with the settings above; add services and build. */
    public static NettyServerBuilder serverBuilder(InetSocketAddress address) {
        return serverBuilder(address, io.grpc.InsecureServerCredentials.create());
    }

    /** The same settings over the given transport security (TLS or mutual TLS from the router's config). */
    public static NettyServerBuilder serverBuilder(InetSocketAddress address, io.grpc.ServerCredentials credentials) {
        return NettyServerBuilder.forAddress(address, credentials)
                .directExecutor()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .flowControlWindow(FLOW_CONTROL_WINDOW_BYTES)
                .handshakeTimeout(HANDSHAKE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .maxConnectionIdle(MAX_CONNECTION_IDLE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION);
    }

    /** Whether gRPC runs on Netty's native epoll transport here (else NIO). */
    public static boolean epoll() {
        return Epoll.isAvailable();
    }

    /** {@code epoll} or {@code nio}: the transport {@link #serverBuilder} servers use here. */
    public static String name() {
        return epoll() ? "epoll" : "nio";
    }
}
