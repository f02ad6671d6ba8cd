package io.tandem.router.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.access.ClientTls;
import io.tandem.controller.access.TlsSettings;
import io.tandem.embedded.tls.TestCertificates;
import io.tandem.router.RegionRouter;
import io.tandem.router.RouterConfig;
import io.tandem.router.grpc.v1.Intent;
import io.tandem.router.grpc.v1.RouteReply;
import io.tandem.router.grpc.v1.RouteRequest;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Routers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router's gRPC and HTTP endpoints with mutual TLS: only a client presenting a certificate
 * signed by the configured CA gets an answer. Certificates are made by the test.
 */
class MutualTlsTest {

    @TempDir
    static Path dir;

    private static TestCertificates.Issued server;
    private static TestCertificates.Issued client;
    private static TestCertificates.Issued rogue;
    private static RegionRouter router;

    @BeforeAll
    static void start() {
        TestCertificates ca = TestCertificates.authority("tandem-test");
        server = ca.issue("router", dir.resolve("server"));
        client = ca.issue("app", dir.resolve("client"));
        rogue = TestCertificates.authority("rogue").issue("intruder", dir.resolve("rogue"));
        RouterConfig config = Routers.config(0)
                .withTls(TlsSettings.mutual(server.certificate(), server.key(), server.authority(), "tls"));
        router = new RegionRouter(config, new FixedRoutingMap(Fixtures.map()), MonotonicClock.system());
        router.start();
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
    }

    private static RouteReply route(ChannelCredentials credentials) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", router.grpcPort(), credentials)
                .build();
        try {
            return Routers.stub(channel, "tls-test")
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .route(RouteRequest.newBuilder()
                            .setGroup("orders-b")
                            .setIntent(Intent.WRITE)
                            .setClientRegion("us-east")
                            .build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ChannelCredentials grpc(ClientTls tls) {
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().trustManager(tls.trustManagers());
        if (tls.certificate().isPresent()) {
            b.keyManager(tls.keyManagers());
        }
        return b.build();
    }

    private static HttpResponse<String> healthz(SSLContext context, String scheme) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return http.send(
                HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + router.httpPort() + "/healthz"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void grpcAnswersAClientWithAValidCertificate() throws Exception {
        RouteReply reply = route(grpc(ClientTls.mutual(server.authority(), client.certificate(), client.key())));
        assertEquals("eu-west", reply.getRegion());
    }

    @Test
    void grpcRefusesAClientWithoutACertificateOrWithOneFromAnotherCa() {
        for (ClientTls tls : new ClientTls[] {
            ClientTls.trusting(server.authority()),
            ClientTls.mutual(server.authority(), rogue.certificate(), rogue.key())
        }) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> route(grpc(tls)));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
        }
        StatusRuntimeException plain =
                assertThrows(StatusRuntimeException.class, () -> route(io.grpc.InsecureChannelCredentials.create()));
        assertEquals(Status.Code.UNAVAILABLE, plain.getStatus().getCode(), plain.toString());
    }

    @Test
    void httpsAnswersAClientWithAValidCertificate() throws Exception {
        HttpResponse<String> r = healthz(
                ClientTls.mutual(server.authority(), client.certificate(), client.key())
                        .sslContext(),
                "https");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void httpsRefusesAClientWithoutACertificateOrWithOneFromAnotherCa() {
        assertThrows(
                IOException.class,
                () -> healthz(ClientTls.trusting(server.authority()).sslContext(), "https"));
        assertThrows(
                IOException.class,
                () -> healthz(
                        ClientTls.mutual(server.authority(), rogue.certificate(), rogue.key())
                                .sslContext(),
                        "https"));
        assertThrows(IOException.class, () -> healthz(SSLContext.getDefault(), "http"));
    }

    @Test
    void configReadsTheTlsBlockAndNamesAMissingPart() {
        String base = "{\"zookeeper\":{\"connect\":\"127.0.0.1:2181\",\"cluster\":\"c\"},"
                + "\"latency\":{\"us-east\":[\"us-east\"]},\"tls\":";
        RouterConfig config = RouterConfig.parse(base + "{\"cert\":\"" + server.certificate() + "\",\"key\":\""
                + server.key() + "\",\"ca\":\"" + server.authority() + "\"}}");
        assertEquals(
                io.tandem.controller.access.ClientAuth.REQUIRE,
                config.tls().orElseThrow().clientAuth());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RouterConfig.parse(base + "{\"cert\":\"" + server.certificate() + "\"}}"));
        assertTrue(e.getMessage().contains("tls.key"), e.getMessage());
        IllegalArgumentException auth = assertThrows(
                IllegalArgumentException.class,
                () -> RouterConfig.parse(base + "{\"cert\":\"a\",\"key\":\"b\",\"client_auth\":\"always\"}}"));
        assertTrue(auth.getMessage().contains("none, optional, require"), auth.getMessage());
    }
}
