package io.tandem.router.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.access.HttpServerLimits;
import io.tandem.embedded.net.SlowClient;
import io.tandem.router.RegionRouter;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Routers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris clients on the router's HTTP endpoint (two handler threads kept in this
 * configuration): a slow request is closed once the request time limit has passed, and others are
 * answered at once meanwhile, even with more slow clients than the threads kept ready.
 */
class SlowClientTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SlowClient> slow = new ArrayList<>();
    private RegionRouter router;

    @BeforeEach
    void start() {
        router = Routers.start(new FixedRoutingMap(Fixtures.map()), 0);
    }

    @AfterEach
    void stop() throws Exception {
        for (SlowClient s : slow) {
            s.close();
        }
        router.close();
    }

    private HttpResponse<String> route(Duration timeout) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.httpPort() + "/v1/route"))
                        .timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"group\":\"orders-b\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Duration late() {
        return HttpServerLimits.requestTimeout()
                .plus(HttpServerLimits.checkInterval())
                .plusSeconds(3);
    }

    @Test
    void aSlowClientIsClosedAfterTheLimitWhileOthersAreAnswered() throws Exception {
        SlowClient s = SlowClient.start(router.httpPort(), SlowClient.partialBody("/v1/route"));
        slow.add(s);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, route(Duration.ofSeconds(2)).statusCode());
        }
        await().atMost(late())
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> s.trickleAndCheckClosed(Duration.ofMillis(400)));
        assertTrue(s.age().compareTo(HttpServerLimits.requestTimeout().minusMillis(500)) >= 0, "closed at " + s.age());
        assertEquals(200, route(Duration.ofSeconds(2)).statusCode());
    }

    @Test
    void moreSlowClientsThanThreadsDoNotDelayOthers() throws Exception {
        for (int i = 0; i < 6; i++) {
            slow.add(SlowClient.start(
                    router.httpPort(),
                    i % 2 == 0 ? SlowClient.partialHeaders("/healthz") : SlowClient.partialBody("/v1/route")));
        }
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = route(Duration.ofSeconds(2));
            assertEquals(200, r.statusCode(), r.body());
        }
        for (SlowClient s : slow) {
            await().atMost(late())
                    .pollDelay(Duration.ZERO)
                    .until(() -> s.trickleAndCheckClosed(Duration.ofMillis(400)));
        }
    }
}
