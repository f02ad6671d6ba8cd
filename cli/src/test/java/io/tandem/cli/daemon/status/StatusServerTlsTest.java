package io.tandem.cli.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.access.ClientTls;
import io.tandem.controller.access.TlsSettings;
import io.tandem.embedded.tls.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's status endpoint over mutual TLS: no valid client certificate, no answer. */
class StatusServerTlsTest {
    @TempDir
    Path dir;

    private final StatusServer server =
            new StatusServer(() -> Snapshots.usEast(7, 42), HealthCheck::healthy, () -> "tandem_up 1\n");

    @AfterEach
    void close() {
        server.close();
    }

    private static HttpResponse<String> get(SSLContext context, String url) throws Exception {
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyAClientWithACertificateFromTheConfiguredCaIsServed() throws Exception {
        TestCertificates ca = TestCertificates.authority("ops-ca");
        var daemon = ca.issue("daemon", dir.resolve("daemon"));
        var operator = ca.issue("operator", dir.resolve("operator"));
        var stranger = TestCertificates.authority("other-ca").issue("stranger", dir.resolve("stranger"));
        int port = server.start(
                "127.0.0.1",
                0,
                Optional.of(TlsSettings.mutual(daemon.certificate(), daemon.key(), daemon.authority(), "http.tls")));
        String url = "https://127.0.0.1:" + port + "/api/status";

        HttpResponse<String> ok = get(
                ClientTls.mutual(daemon.authority(), operator.certificate(), operator.key())
                        .sslContext(),
                url);
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("\"owner\":\"us-east\""), ok.body());

        assertThrows(
                IOException.class,
                () -> get(ClientTls.trusting(daemon.authority()).sslContext(), url));
        assertThrows(
                IOException.class,
                () -> get(
                        ClientTls.mutual(daemon.authority(), stranger.certificate(), stranger.key())
                                .sslContext(),
                        url));
        assertThrows(IOException.class, () -> get(SSLContext.getDefault(), "http://127.0.0.1:" + port + "/api/status"));
    }

    @Test
    void anUnreadableKeyIsNamedAndTheServerDoesNotStart() throws Exception {
        var daemon = TestCertificates.authority("ops-ca").issue("daemon", dir);
        Path notAKey = Files.writeString(dir.resolve("broken.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> server.start(
                        "127.0.0.1",
                        0,
                        Optional.of(
                                TlsSettings.mutual(daemon.certificate(), notAKey, daemon.authority(), "http.tls"))));
        assertTrue(e.getMessage().contains("http.tls.key") && e.getMessage().contains("PKCS#8"), e.getMessage());
        assertEquals(StatusServer.State.CLOSED, server.state());
    }
}
