package io.tandem.bench.router;

import io.grpc.stub.StreamObserver;
import io.tandem.router.grpc.v1.RouteBatchReply;
import io.tandem.router.grpc.v1.RouteBatchRequest;
import io.tandem.router.grpc.v1.RouteReply;
import io.tandem.router.grpc.v1.RouteRequest;
import io.tandem.router.grpc.v1.RouteResult;
import io.tandem.router.grpc.v1.RouterGrpc;

/**
 * The baseline: the router's gRPC service with empty handlers that answer a constant reply of the
 * size of a real write route (one endpoint), so the difference to the router is the routing work alone.
 */
final class EmptyRouterService extends RouterGrpc.RouterImplBase {

    private static final RouteReply CONSTANT = RouteReply.newBuilder()
            .setRegion("us-east")
            .addEndpoints("pg://us-east:5432")
            .setEpoch(1)
            .setGroup("orders-0")
            .setShard(7)
            .setShards(256)
            .setMapVersion(1)
            .build();

    private static final RouteResult CONSTANT_RESULT =
            RouteResult.newBuilder().setReply(CONSTANT).build();

    @Override
    public void route(RouteRequest request, StreamObserver<RouteReply> response) {
        response.onNext(CONSTANT);
        response.onCompleted();
    }

    @Override
    public void routeBatch(RouteBatchRequest request, StreamObserver<RouteBatchReply> response) {
        RouteBatchReply.Builder reply = RouteBatchReply.newBuilder();
        for (int i = 0; i < request.getRequestsCount(); i++) {
            reply.addResults(CONSTANT_RESULT);
        }
        response.onNext(reply.build());
        response.onCompleted();
    }
}
