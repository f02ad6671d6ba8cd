package io.tandem.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.MembershipNode;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Integration;
import io.tandem.router.support.Zk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone entry point: started from a config file against a real ZooKeeper, and its config errors. */
class RouterMainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private static String config(String zkConnect, String grpcPort) {
        return """
                {
                  "region": "eu-west",
                  "bind": "127.0.0.1",
                  "grpc_port": %s,
                  "http_port": 0,
                  "zookeeper": {"connect": "%s", "cluster": "main-test", "session_timeout": "PT5S"},
                  "tables": [{"name": "orders", "shards": 8, "groups": ["orders-a", "orders-b"]}],
                  "latency": {"us-east": ["us-east", "eu-west"], "eu-west": ["eu-west", "us-east"]}
                }
                """.formatted(grpcPort, zkConnect);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static HttpResponse<String> route(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/route"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"table\":\"orders\",\"key\":\"o-42\",\"intent\":\"WRITE\","
                                                + "\"client_region\":\"eu-west\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsFromAConfigFileRoutesOverHttpAndStopsCleanly() throws Exception {
        Integration.assumeEnabled();
        try (Zk zk = Zk.start()) {
            ZkPaths paths = ZkPaths.forCluster("main-test");
            var admin = zk.client(10_000);
            OwnershipStore ownership = new OwnershipStore(admin, paths);
            ownership.create(Ownership.initial("orders-a", "us-east"));
            ownership.create(Ownership.initial("orders-b", "us-east"));
            try (MembershipNode member = new MembershipNode(admin, paths, Fixtures.member("us-east", Health.HEALTHY))) {
                member.start();
                Path file = write("router.json", config(zk.server().getConnectString(), "0"));

                Optional<StandaloneRouter> launched = RouterMain.launch(new String[] {file.toString()}, err);
                assertTrue(launched.isPresent(), "started; stderr: " + errBytes);
                int port;
                try (StandaloneRouter router = launched.get()) {
                    port = router.router().httpPort();
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> route(port).statusCode() == 200);
                    JsonNode reply = JSON.readTree(route(port).body());
                    assertEquals("us-east", reply.get("region").asText(), reply.toString());
                    assertEquals(1, reply.get("epoch").asLong());
                    assertEquals(false, reply.get("stale").asBoolean());
                    assertTrue(reply.get("group").asText().startsWith("orders-"), reply.toString());
                }
                assertThrows(ConnectException.class, () -> route(port), "HTTP server stopped");
                launched.get().close(); // idempotent
                assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aMalformedConfigFileIsReportedNamingTheFileAndTheSetting() throws IOException {
        Path file = write("bad.json", config("127.0.0.1:1", "\"seven\""));

        assertEquals(Optional.empty(), RouterMain.launch(new String[] {file.toString()}, err));

        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains("grpc_port must be an integer, got \"seven\""), message);
    }

    @Test
    void aConfigFileThatIsNotJsonOrMissingIsReportedNamingTheFile() throws IOException {
        Path notJson = write("broken.json", "{\"bind\": ");
        assertEquals(Optional.empty(), RouterMain.launch(new String[] {notJson.toString()}, err));
        Path missing = dir.resolve("absent.json");
        assertEquals(Optional.empty(), RouterMain.launch(new String[] {missing.toString()}, err));

        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(notJson + ": not valid JSON"), message);
        assertTrue(message.contains("cannot read router config " + missing), message);
    }

    @Test
    void withoutExactlyOneArgumentItPrintsUsage() {
        assertEquals(Optional.empty(), RouterMain.launch(new String[0], err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).startsWith("usage: RouterMain CONFIG.json"));
    }
}
