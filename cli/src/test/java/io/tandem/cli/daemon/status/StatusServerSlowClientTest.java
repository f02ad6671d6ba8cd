package io.tandem.cli.daemon.status;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.access.HttpServerLimits;
import io.tandem.embedded.net.SlowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris clients on the daemon's status endpoint: more of them than it had handler threads
 * before this limit existed, half sending headers a byte at a time, half a body. Every other
 * request is answered at once while they hang on, and each slow one is closed once the request
 * time limit has passed.
 */
class StatusServerSlowClientTest {
    private final StatusServer server =
            new StatusServer(() -> Snapshots.usEast(7, 42), HealthCheck::healthy, () -> "tandem_up 1\n");
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<SlowClient> slow = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (SlowClient s : slow) {
            s.close();
        }
        server.close();
    }

    @Test
    void slowClientsAreClosedAfterTheTimeLimitAndOthersAreServedMeanwhile() throws Exception {
        int port = server.start("127.0.0.1", 0);
        Duration limit = HttpServerLimits.requestTimeout();
        Duration late = limit.plus(HttpServerLimits.checkInterval()).plusSeconds(3);
        for (int i = 0; i < 6; i++) {
            slow.add(SlowClient.start(
                    port, i % 2 == 0 ? SlowClient.partialHeaders("/healthz") : SlowClient.partialBody("/api/status")));
        }
        // While they trickle, every other request is answered at once.
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
        for (SlowClient s : slow) {
            await().atMost(late)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> s.trickleAndCheckClosed(Duration.ofMillis(400)));
            assertTrue(
                    s.age().compareTo(limit.minusMillis(500)) >= 0,
                    "closed after " + s.age() + ", before the " + limit + " limit");
        }
        HttpResponse<String> after = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode());
    }
}
