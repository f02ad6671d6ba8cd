package io.tandem.router.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.tandem.router.limit.ClientRateLimits;

/** Puts the caller's {@code x-tandem-client-id} metadata into the call's {@link Context}. */
public final class ClientIdInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> HEADER =
            Metadata.Key.of(ClientRateLimits.CLIENT_ID_HEADER, Metadata.ASCII_STRING_MARSHALLER);

    static final Context.Key<String> CLIENT_ID = Context.key("tandem-client-id");

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Context ctx = Context.current().withValue(CLIENT_ID, ClientRateLimits.normalize(headers.get(HEADER)));
        return Contexts.interceptCall(ctx, call, headers, next);
    }
}
