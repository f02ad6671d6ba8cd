package io.tandem.router.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.tandem.router.RegionRouter;
import io.tandem.router.grpc.v1.Consistency;
import io.tandem.router.grpc.v1.Intent;
import io.tandem.router.grpc.v1.RouteBatchReply;
import io.tandem.router.grpc.v1.RouteBatchRequest;
import io.tandem.router.grpc.v1.RouteReply;
import io.tandem.router.grpc.v1.RouteRequest;
import io.tandem.router.grpc.v1.RouterGrpc;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Routers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcEndToEndTest {

    private RegionRouter router;
    private ManagedChannel channel;
    private RouterGrpc.RouterBlockingStub stub;

    @BeforeEach
    void start() {
        router = Routers.start(new FixedRoutingMap(Fixtures.map()), 0);
        channel = Routers.channel(router.grpcPort());
        stub = Routers.stub(channel, "e2e");
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        router.close();
        router.close(); // idempotent
    }

    private static RouteRequest.Builder req() {
        return RouteRequest.newBuilder()
                .setTable("orders")
                .setKey("order-1")
                .setIntent(Intent.WRITE)
                .setClientRegion("us-east");
    }

    @Test
    void routesAWriteAndAReadOverLoopback() {
        RouteReply w = stub.route(req().build());
        assertTrue(w.getGroup().startsWith("orders-"));
        assertEquals(w.getGroup().equals("orders-a") ? "us-east" : "eu-west", w.getRegion());
        assertTrue(w.getEpoch() > 0);
        assertFalse(w.getStale());
        assertEquals(8, w.getShards());
        RouteReply r = stub.route(
                req().setIntent(Intent.READ).setClientRegion("us-west").build());
        assertEquals("us-west", r.getRegion());
        assertEquals(2, r.getAlternativesCount());
        RouteReply ryw = stub.route(req().setIntent(Intent.READ)
                .setConsistency(Consistency.READ_YOUR_WRITES)
                .setClientRegion("us-west")
                .build());
        assertEquals(w.getRegion(), ryw.getRegion());
    }

    @Test
    void batchAnswersEachItemOnItsOwn() {
        RouteBatchReply reply = stub.routeBatch(RouteBatchRequest.newBuilder()
                .addRequests(req())
                .addRequests(req().setTable("payments"))
                .addRequests(RouteRequest.newBuilder()
                        .setGroup("inventory")
                        .setIntent(Intent.WRITE)
                        .setClientRegion("eu-west"))
                .build());
        assertEquals(3, reply.getResultsCount());
        assertTrue(reply.getResults(0).hasReply());
        assertEquals("INVALID_ARGUMENT", reply.getResults(1).getError().getCode());
        assertTrue(reply.getResults(1).getError().getMessage().contains("unknown table 'payments'"));
        assertEquals("us-west", reply.getResults(2).getReply().getRegion());
    }

    @Test
    void batchOverTheCapIsRefusedWhole() {
        RouteBatchRequest.Builder big = RouteBatchRequest.newBuilder();
        for (int i = 0; i < 1001; i++) {
            big.addRequests(RouteRequest.newBuilder()
                    .setGroup("inventory")
                    .setIntent(Intent.READ)
                    .setClientRegion("us-east"));
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.routeBatch(big.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(
                e.getStatus().getDescription().contains("requests: holds 1001 requests; at most 1000"), e.toString());
    }

    @Test
    void lifecycleMisuseSaysWhatStateItWasIn() {
        IllegalStateException twice = assertThrows(IllegalStateException.class, router::start);
        assertTrue(twice.getMessage().contains("expected state LATENT but was STARTED"), twice.getMessage());
        router.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, router::grpcPort);
        assertTrue(closed.getMessage().contains("expected state STARTED but was CLOSED"), closed.getMessage());
    }

    @Test
    void healthServiceSaysServing() {
        var health = HealthGrpc.newBlockingStub(channel);
        assertEquals(
                HealthCheckResponse.ServingStatus.SERVING,
                health.check(HealthCheckRequest.newBuilder()
                                .setService("tandem.router.v1.Router")
                                .build())
                        .getStatus());
        assertEquals(
                HealthCheckResponse.ServingStatus.SERVING,
                health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }

    private void assertInvalid(RouteRequest request, String expectedInMessage) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.route(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.toString());
        assertTrue(
                e.getStatus().getDescription().contains(expectedInMessage),
                e.getStatus().getDescription());
    }

    @Test
    void badInputIsInvalidArgumentNamingTheField() {
        assertInvalid(req().setKey("").build(), "key: must not be empty");
        assertInvalid(req().setKey("k".repeat(1025)).build(), "key: is 1025 bytes; at most 1024");
        assertInvalid(req().setTable("payments").build(), "table: unknown table 'payments'; expected one of [orders]");
        assertInvalid(req().clearTarget().setGroup("nope").build(), "group: unknown group 'nope'");
        assertInvalid(req().clearTarget().build(), "group: give exactly one of group or table");
        assertInvalid(req().setClientRegion("mars-1").build(), "client_region: unknown region 'mars-1'");
        assertInvalid(req().setClientRegion("").build(), "client_region: is required");
        assertInvalid(req().clearIntent().build(), "intent: expected READ or WRITE, got INTENT_UNSPECIFIED");
        assertInvalid(req().setIntentValue(7).build(), "intent: expected READ or WRITE");
        assertInvalid(req().setConsistencyValue(9).build(), "consistency: expected EVENTUAL or READ_YOUR_WRITES");
        StatusRuntimeException big = assertThrows(
                StatusRuntimeException.class,
                () -> stub.route(req().setKey("k".repeat(70_000)).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.getStatus().getCode(), "messages over 64 KiB are refused");
        assertEquals(
                "us-west",
                stub.route(req().clearTarget().setGroup("inventory").build()).getRegion(),
                "still serving");
    }

    @Test
    void rateLimitIsPerClientAndSaysResourceExhausted() {
        router.close();
        router = Routers.start(new FixedRoutingMap(Fixtures.map()), 3);
        channel.shutdownNow();
        channel = Routers.channel(router.grpcPort());
        RouterGrpc.RouterBlockingStub greedy = Routers.stub(channel, "greedy");
        StatusRuntimeException limited = null;
        for (int i = 0; i < 50 && limited == null; i++) {
            try {
                greedy.route(req().build());
            } catch (StatusRuntimeException e) {
                limited = e;
            }
        }
        assertTrue(limited != null, "50 calls at 3/s must hit the limit");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, limited.getStatus().getCode());
        assertTrue(
                limited.getStatus().getDescription().contains("client 'greedy' exceeded its rate limit of 3"),
                limited.getStatus().getDescription());
        assertEquals(
                "us-west",
                Routers.stub(channel, "polite")
                        .route(req().clearTarget().setGroup("inventory").build())
                        .getRegion(),
                "another client id has its own budget");
    }
}
