package io.tandem.cli.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusServerTest {
    private final AtomicReference<HealthCheck> health = new AtomicReference<>(HealthCheck.healthy());
    private final StatusServer server =
            new StatusServer(() -> Snapshots.usEast(7, 42), health::get, () -> "tandem_apply_applied_total 5.0\n");
    private final HttpClient client = HttpClient.newHttpClient();
    private int port;

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesStatusJsonHealthAndMetrics() throws Exception {
        port = server.start("127.0.0.1", 0);
        var status = get("/api/status");
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("\"owner\":\"us-east\",\"epoch\":7"), status.body());
        assertEquals("ok\n", get("/healthz").body());
        assertTrue(get("/metrics").body().contains("tandem_apply_applied_total"));
        assertTrue(get("/").body().contains("<title>Tandem status</title>"));
    }

    @Test
    void unhealthyDaemonAnswers503WithReasons() throws Exception {
        port = server.start("127.0.0.1", 0);
        health.set(new HealthCheck(List.of("apply from eu-west stopped: connection refused")));
        var reply = get("/healthz");
        assertEquals(503, reply.statusCode());
        assertTrue(reply.body().contains("apply from eu-west stopped"), reply.body());
    }

    @Test
    void unknownPathNamesThePathAndTheKnownOnes() throws Exception {
        port = server.start("127.0.0.1", 0);
        var reply = get("/nope");
        assertEquals(404, reply.statusCode());
        assertTrue(reply.body().contains("no page /nope; try /, /api/status"), reply.body());
    }

    @Test
    void lifecycleIsEnforcedAndCloseIsIdempotent() {
        port = server.start("127.0.0.1", 0);
        var e = assertThrows(IllegalStateException.class, () -> server.start("127.0.0.1", 0));
        assertTrue(e.getMessage().contains("expected state NEW"), e.getMessage());
        server.close();
        server.close();
        assertEquals(StatusServer.State.CLOSED, server.state());
    }
}
