package io.tandem.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.router.RegionRouter;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Routers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private RegionRouter router;

    @BeforeEach
    void start() {
        router = Routers.start(new FixedRoutingMap(Fixtures.map()), 0);
    }

    @AfterEach
    void stop() {
        router.close();
    }

    private HttpResponse<String> post(String path, String body, String client)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.httpPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (client != null) {
            b.header("X-Tandem-Client-Id", client);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routeAndBatchAnswerJson() throws Exception {
        HttpResponse<String> r =
                post("/v1/route", "{\"group\":\"orders-b\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode reply = JSON.readTree(r.body());
        assertEquals("eu-west", reply.get("region").asText());
        assertEquals(5, reply.get("epoch").asLong());
        assertEquals(false, reply.get("stale").asBoolean());
        assertEquals("pg://eu-west:5432", reply.get("endpoints").get(0).asText());

        HttpResponse<String> b = post(
                "/v1/route:batch",
                "{\"requests\":["
                        + "{\"table\":\"orders\",\"key\":\"o-1\",\"intent\":\"read\",\"client_region\":\"eu-west\"},"
                        + "{\"group\":\"ghost\",\"intent\":\"WRITE\",\"client_region\":\"eu-west\"}]}",
                null);
        assertEquals(200, b.statusCode(), b.body());
        JsonNode results = JSON.readTree(b.body()).get("results");
        assertEquals("eu-west", results.get(0).path("reply").path("region").asText(), b.body());
        assertEquals("group", results.get(1).get("error").get("field").asText());
    }

    @Test
    void healthAndPrometheusMetrics() throws Exception {
        post("/v1/route", "{\"group\":\"inventory\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}", null);
        HttpResponse<String> h = get("/healthz");
        assertEquals(200, h.statusCode());
        assertEquals("SERVING", JSON.readTree(h.body()).get("status").asText());
        HttpResponse<String> status = get("/status");
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("<td>orders-b</td><td>eu-west</td><td>5</td><td>ACTIVE</td>"), status.body());
        assertTrue(status.body().contains("<td>us-west</td><td>HEALTHY</td>"), status.body());
        HttpResponse<String> m = get("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("tandem_router_requests_total{intent=\"write\",outcome=\"ok\"} 1.0"), m.body());
        assertTrue(m.body().contains("tandem_router_route_latency_seconds_count"), m.body());
        assertTrue(m.body().contains("tandem_router_map_version"), m.body());
        assertTrue(m.body().contains("tandem_router_stale_answers_total"), m.body());
    }

    /** A router that never loaded a map is not a stale-but-serving one: 503 until the first map arrives. */
    @Test
    void notServingBeforeTheFirstMapThenServing() throws Exception {
        FixedRoutingMap source = new FixedRoutingMap(io.tandem.router.route.RoutingMap.EMPTY);
        RegionRouter empty = Routers.start(source, 0);
        try {
            URI healthz = URI.create("http://127.0.0.1:" + empty.httpPort() + "/healthz");
            HttpResponse<String> before =
                    http.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, before.statusCode(), before.body());
            JsonNode body = JSON.readTree(before.body());
            assertEquals("NOT_SERVING", body.get("status").asText());
            assertTrue(body.get("stale").asBoolean(), before.body());
            assertTrue(body.get("reason").asText().contains("ZooKeeper has not been reached"), before.body());

            source.set(Fixtures.map());
            HttpResponse<String> after =
                    http.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, after.statusCode(), after.body());
            assertEquals("SERVING", JSON.readTree(after.body()).get("status").asText());
        } finally {
            empty.close();
        }
    }

    private void assertBad(int status, String path, String body, String field, String inMessage) throws Exception {
        HttpResponse<String> r = post(path, body, null);
        assertEquals(status, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body()).get("error");
        if (field != null) {
            assertEquals(field, error.get("field").asText(), r.body());
        }
        assertTrue(error.get("message").asText().contains(inMessage), r.body());
    }

    @Test
    void badInputIs400NamingTheField() throws Exception {
        assertBad(400, "/v1/route", "{\"group\":", "body", "is not valid JSON");
        assertBad(400, "/v1/route", "[1,2]", "body", "expected a JSON object, got array");
        assertBad(
                400,
                "/v1/route",
                "{\"group\":\"orders-a\",\"intent\":5,\"client_region\":\"us-east\"}",
                "body.intent",
                "expected a string, got number");
        assertBad(
                400,
                "/v1/route",
                "{\"group\":\"orders-a\",\"intent\":\"DELETE\",\"client_region\":\"us-east\"}",
                "body.intent",
                "expected one of [READ, WRITE], got 'DELETE'");
        assertBad(
                400,
                "/v1/route",
                "{\"group\":\"orders-a\",\"intent\":\"WRITE\",\"clientRegion\":\"us-east\"}",
                "body.clientRegion",
                "unknown field");
        assertBad(
                400,
                "/v1/route",
                "{\"table\":\"orders\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}",
                "key",
                "must not be empty");
        assertBad(
                400,
                "/v1/route",
                "{\"table\":\"orders\",\"key\":\"" + "é".repeat(513)
                        + "\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}",
                "key",
                "is 1026 bytes; at most 1024");
        assertBad(
                400,
                "/v1/route",
                "{\"group\":\"orders-a\",\"intent\":\"WRITE\",\"client_region\":\"mars-1\"}",
                "client_region",
                "unknown region 'mars-1'");
        assertBad(400, "/v1/route:batch", "{\"requests\":{}}", "requests", "expected an array");
        assertBad(413, "/v1/route", "{\"key\":\"" + "x".repeat(70_000) + "\"}", "body", "exceeds 65536 bytes");
        assertEquals(405, get("/v1/route").statusCode());
        assertEquals(404, get("/v2/route").statusCode());
        assertEquals(200, get("/healthz").statusCode(), "still serving");
    }

    @Test
    void rateLimitIs429() throws Exception {
        router.close();
        router = Routers.start(new FixedRoutingMap(Fixtures.map()), 2);
        String body = "{\"group\":\"inventory\",\"intent\":\"WRITE\",\"client_region\":\"us-east\"}";
        HttpResponse<String> limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            HttpResponse<String> r = post("/v1/route", body, "greedy");
            if (r.statusCode() == 429) {
                limited = r;
            }
        }
        assertTrue(limited != null, "30 calls at 2/s must hit the limit");
        assertTrue(limited.body().contains("client 'greedy' exceeded its rate limit of 2"), limited.body());
        assertEquals(200, post("/v1/route", body, "polite").statusCode());
    }
}
