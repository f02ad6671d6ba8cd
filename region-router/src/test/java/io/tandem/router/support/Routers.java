package io.tandem.router.support;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.ZkPaths;
import io.tandem.router.RegionRouter;
import io.tandem.router.RouterConfig;
import io.tandem.router.grpc.v1.RouterGrpc;
import io.tandem.router.limit.ClientRateLimits;
import io.tandem.router.map.RoutingMapSource;
import java.time.Duration;

/** Routers on loopback, any free port, and gRPC stubs for them. */
public final class Routers {

    private Routers() {}

    public static RouterConfig config(int ratePerClient) {
        return new RouterConfig(
                "us-east",
                "127.0.0.1",
                0,
                0,
                2,
                ratePerClient,
                "127.0.0.1:1",
                ZkPaths.forCluster("test"),
                Duration.ofSeconds(10),
                Fixtures.config());
    }

    public static RegionRouter start(RoutingMapSource maps, int ratePerClient) {
        RegionRouter router = new RegionRouter(config(ratePerClient), maps, MonotonicClock.system());
        router.start();
        return router;
    }

    public static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .build();
    }

    public static RouterGrpc.RouterBlockingStub stub(ManagedChannel channel, String clientId) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of(ClientRateLimits.CLIENT_ID_HEADER, Metadata.ASCII_STRING_MARSHALLER), clientId);
        return RouterGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }
}
