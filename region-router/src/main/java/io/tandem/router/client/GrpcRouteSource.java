package io.tandem.router.client;

import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.tandem.router.grpc.ProtoCodec;
import io.tandem.router.grpc.v1.RouterGrpc;
import io.tandem.router.limit.ClientRateLimits;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Fetches routes over gRPC with a deadline, sending the client id in {@code x-tandem-client-id}. */
public final class GrpcRouteSource implements RouteSource {

    private final RouterGrpc.RouterBlockingStub stub;
    private final Duration deadline;

    /** The caller owns {@code channel} and shuts it down. */
    public GrpcRouteSource(Channel channel, String clientId, Duration deadline) {
        Metadata md = new Metadata();
        md.put(
                Metadata.Key.of(ClientRateLimits.CLIENT_ID_HEADER, Metadata.ASCII_STRING_MARSHALLER),
                ClientRateLimits.normalize(clientId));
        this.stub = RouterGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        this.deadline = deadline;
    }

    @Override
    public Route fetch(RouteRequest request) {
        io.tandem.router.grpc.v1.RouteRequest.Builder b = io.tandem.router.grpc.v1.RouteRequest.newBuilder()
                .setKey(request.key())
                .setIntent(ProtoCodec.intent(request.intent()))
                .setClientRegion(request.clientRegion())
                .setConsistency(ProtoCodec.consistency(request.consistency()));
        if (request.group() != null) {
            b.setGroup(request.group());
        } else {
            b.setTable(request.table());
        }
        try {
            return ProtoCodec.route(stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                    .route(b.build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new IllegalArgumentException(
                        "router refused " + request + ": " + e.getStatus().getDescription(), e);
            }
            throw new RouterUnavailableException(
                    "router could not route " + request + ": " + e.getStatus().getCode() + " "
                            + e.getStatus().getDescription() + tlsHint(e),
                    e);
        }
    }

    /** When the channel failed its TLS handshake, what to check (see {@link RouterChannels}). */
    private static String tlsHint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return "; the TLS handshake failed (" + t.getMessage() + "): the router's certificate must chain to"
                        + " the client's CA file, and a router with mutual TLS needs the client's certificate and key"
                        + " (ClientTls.mutual)";
            }
        }
        return "";
    }
}
