package io.tandem.router.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.fuzz.Fuzz;
import io.tandem.router.RegionRouter;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Routers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the router's HTTP/JSON request parsing end to end: mutated route and batch requests are
 * POSTed to a real router on loopback for a bounded time. Every answer must be a documented status
 * (200, 400 bad input, 413 too large, 503 no owner) with a JSON body, never a 500, and the router
 * still answers afterwards. (Each request costs tens of milliseconds on loopback, so this runs a
 * few hundred inputs; {@code io.tandem.router.http.JsonRequestFuzzTest} runs the parser in process.)
 */
class HttpRequestFuzzTest {
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 413, 503);
    private static RegionRouter router;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        router = Routers.start(new FixedRoutingMap(Fixtures.map()), 0);
    }

    @AfterAll
    static void stop() {
        router.close();
    }

    private static HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.httpPort() + path))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void fuzz(String name, String path, List<String> seeds) throws Exception {
        Fuzz.Result result = Fuzz.run(
                name,
                Duration.ofSeconds(5),
                seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(),
                input -> {
                    HttpResponse<String> r = post(path, input);
                    if (!DOCUMENTED.contains(r.statusCode()) || !r.body().startsWith("{")) {
                        throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
                    }
                });
        assertTrue(result.inputs() > 10, result.toString());
        assertEquals(
                200, post(path, seeds.get(0).getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void routeRequests() throws Exception {
        fuzz(
                "http-route",
                "/v1/route",
                List.of(
                        "{\"group\":\"orders-b\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}",
                        "{\"table\":\"orders\",\"key\":\"o-1\",\"intent\":\"read\",\"client_region\":\"eu-west\","
                                + "\"consistency\":\"READ_YOUR_WRITES\"}"));
    }

    @Test
    void batchRequests() throws Exception {
        fuzz(
                "http-route-batch",
                "/v1/route:batch",
                List.of("{\"requests\":[{\"table\":\"orders\",\"key\":\"o-1\",\"intent\":\"read\","
                        + "\"client_region\":\"eu-west\"},{\"group\":\"ghost\",\"intent\":\"WRITE\","
                        + "\"client_region\":\"eu-west\"}]}"));
    }
}
