package io.tandem.router.grpc;

import io.grpc.stub.StreamObserver;
import io.tandem.router.RouterService;
import io.tandem.router.grpc.v1.RouteBatchReply;
import io.tandem.router.grpc.v1.RouteBatchRequest;
import io.tandem.router.grpc.v1.RouteError;
import io.tandem.router.grpc.v1.RouteReply;
import io.tandem.router.grpc.v1.RouteRequest;
import io.tandem.router.grpc.v1.RouteResult;
import io.tandem.router.grpc.v1.RouterGrpc;
import io.tandem.router.log.LogContext;
import io.tandem.router.route.BadRequestException;

/** {@code tandem.router.v1.Router}: each call is admitted by rate limit, then routed from memory. */
public final class RouterGrpcService extends RouterGrpc.RouterImplBase {

    private final RouterService service;
    private final LogContext logContext;

    /** @param logContext entered for each call: gRPC runs calls on its own threads (direct executor) */
    public RouterGrpcService(RouterService service, LogContext logContext) {
        this.service = service;
        this.logContext = logContext;
    }

    @Override
    public void route(RouteRequest request, StreamObserver<RouteReply> response) {
        try (LogContext.Scope s = logContext.enter()) {
            routeOne(request, response);
        }
    }

    @Override
    public void routeBatch(RouteBatchRequest request, StreamObserver<RouteBatchReply> response) {
        try (LogContext.Scope s = logContext.enter()) {
            routeMany(request, response);
        }
    }

    private void routeOne(RouteRequest request, StreamObserver<RouteReply> response) {
        RouteReply reply;
        try {
            service.admit(ClientIdInterceptor.CLIENT_ID.get(), 1);
            reply = ProtoCodec.reply(service.route(() -> ProtoCodec.request(request)));
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
            return;
        }
        response.onNext(reply);
        response.onCompleted();
    }

    private void routeMany(RouteBatchRequest request, StreamObserver<RouteBatchReply> response) {
        RouteBatchReply.Builder reply = RouteBatchReply.newBuilder();
        try {
            int n = request.getRequestsCount();
            if (n > RouterService.MAX_BATCH) {
                throw new BadRequestException(
                        "requests", "holds " + n + " requests; at most " + RouterService.MAX_BATCH + " per batch");
            }
            service.admit(ClientIdInterceptor.CLIENT_ID.get(), Math.max(1, n));
            for (RouteRequest item : request.getRequestsList()) {
                try {
                    reply.addResults(RouteResult.newBuilder()
                            .setReply(ProtoCodec.reply(service.route(() -> ProtoCodec.request(item)))));
                } catch (RuntimeException e) {
                    var status = Statuses.of(e);
                    reply.addResults(RouteResult.newBuilder()
                            .setError(RouteError.newBuilder()
                                    .setCode(status.getCode().name())
                                    .setMessage(String.valueOf(status.getDescription()))));
                }
            }
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
            return;
        }
        response.onNext(reply.build());
        response.onCompleted();
    }
}
