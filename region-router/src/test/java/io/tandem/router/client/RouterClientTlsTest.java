package io.tandem.router.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.access.ClientAuth;
import io.tandem.controller.access.ClientTls;
import io.tandem.controller.access.TlsSettings;
import io.tandem.embedded.tls.TestCertificates;
import io.tandem.router.RegionRouter;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.route.Intent;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Routers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's router client over TLS ({@link RouterChannels}): it routes through a router
 * serving TLS when it trusts the router's CA, and through a router requiring client certificates
 * when it presents one; without its certificate, or trusting another CA, it is refused with an
 * error that says the TLS handshake failed and what to check.
 */
class RouterClientTlsTest {
    @TempDir
    static Path dir;

    static TestCertificates.Issued server;
    static TestCertificates.Issued app;
    static RegionRouter tlsRouter;
    static RegionRouter mutualRouter;

    @BeforeAll
    static void start() {
        TestCertificates ca = TestCertificates.authority("client-tls-ca");
        server = ca.issue("router", dir.resolve("server"));
        app = ca.issue("app", dir.resolve("app"));
        tlsRouter = new RegionRouter(
                Routers.config(0)
                        .withTls(new TlsSettings(
                                server.certificate(), server.key(), Optional.empty(), ClientAuth.NONE, "tls")),
                new FixedRoutingMap(Fixtures.map()),
                MonotonicClock.system());
        tlsRouter.start();
        mutualRouter = new RegionRouter(
                Routers.config(0)
                        .withTls(TlsSettings.mutual(server.certificate(), server.key(), server.authority(), "tls")),
                new FixedRoutingMap(Fixtures.map()),
                MonotonicClock.system());
        mutualRouter.start();
    }

    @AfterAll
    static void stop() {
        for (RegionRouter r : new RegionRouter[] {tlsRouter, mutualRouter}) {
            if (r != null) {
                r.close();
            }
        }
    }

    private static Route route(RegionRouter router, Optional<ClientTls> tls) throws InterruptedException {
        ManagedChannel channel = RouterChannels.open("127.0.0.1", router.grpcPort(), tls);
        try {
            RouterClient client = new RouterClient(
                    new GrpcRouteSource(channel, "tls-app", Duration.ofSeconds(5)),
                    ClientOptions.defaults().withMaxAttempts(1),
                    MonotonicClock.system());
            return client.route(RouteRequest.forGroup("orders-b", Intent.WRITE, "us-east"));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void routesOverTlsTrustingTheRoutersCa() throws Exception {
        assertEquals(
                "eu-west",
                route(tlsRouter, Optional.of(ClientTls.trusting(server.authority())))
                        .region());
    }

    @Test
    void routesOverMutualTlsWithItsCertificate() throws Exception {
        assertEquals(
                "eu-west",
                route(mutualRouter, Optional.of(ClientTls.mutual(server.authority(), app.certificate(), app.key())))
                        .region());
    }

    @Test
    void withoutItsCertificateOrTrustingAnotherCaItIsRefusedNamingTls() {
        Path otherCa = TestCertificates.authority("other").authorityFile(dir.resolve("other"));
        RouterUnavailableException noCertificate = assertThrows(
                RouterUnavailableException.class,
                () -> route(mutualRouter, Optional.of(ClientTls.trusting(server.authority()))));
        assertTrue(noCertificate.getMessage().contains("TLS handshake failed"), noCertificate.getMessage());
        RouterUnavailableException untrusted = assertThrows(
                RouterUnavailableException.class, () -> route(tlsRouter, Optional.of(ClientTls.trusting(otherCa))));
        assertTrue(untrusted.getMessage().contains("TLS handshake failed"), untrusted.getMessage());
        assertThrows(RouterUnavailableException.class, () -> route(tlsRouter, Optional.empty()));
    }
}
