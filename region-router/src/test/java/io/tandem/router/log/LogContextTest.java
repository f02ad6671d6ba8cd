package io.tandem.router.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.ManagedChannel;
import io.tandem.controller.MonotonicClock;
import io.tandem.router.RegionRouter;
import io.tandem.router.grpc.v1.Intent;
import io.tandem.router.grpc.v1.RouteRequest;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Routers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @Test
    void enteringSetsRegionAndComponentAndClosingRestoresWhatWasThere() {
        MDC.put(LogContext.REGION, "outer");
        try (LogContext.Scope s = new LogContext("us-east", "router").enter()) {
            assertEquals("us-east", MDC.get(LogContext.REGION));
            assertEquals("router", MDC.get(LogContext.COMPONENT));
        } finally {
            assertEquals("outer", MDC.get(LogContext.REGION));
            assertNull(MDC.get(LogContext.COMPONENT));
            MDC.clear();
        }
    }

    /** The map source is read on the thread that handles the request: it sees the request's MDC. */
    @Test
    void requestsOverGrpcAndHttpAreHandledWithTheRoutersRegionAndComponent() throws Exception {
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        RegionRouter router = new RegionRouter(
                Routers.config(0),
                () -> {
                    seen.add(MDC.getCopyOfContextMap());
                    return Fixtures.map();
                },
                MonotonicClock.system());
        router.start();
        ManagedChannel channel = Routers.channel(router.grpcPort());
        try {
            Routers.stub(channel, "mdc")
                    .route(RouteRequest.newBuilder()
                            .setGroup("orders-a")
                            .setIntent(Intent.WRITE)
                            .setClientRegion("us-east")
                            .build());
            HttpResponse<String> http = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.httpPort() + "/v1/route"))
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"group\":\"orders-a\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, http.statusCode(), http.body());
        } finally {
            channel.shutdownNow();
            router.close();
        }
        Map<String, String> expected = Map.of(LogContext.REGION, "us-east", LogContext.COMPONENT, "router");
        assertEquals(List.of(expected, expected), seen);
    }
}
