package io.tandem.router.grpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.tandem.router.RegionRouter;
import io.tandem.router.grpc.v1.Intent;
import io.tandem.router.grpc.v1.RouteRequest;
import io.tandem.router.map.FixedRoutingMap;
import io.tandem.router.support.Fixtures;
import io.tandem.router.support.Routers;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slow clients on the router's gRPC endpoint: connections that never finish the HTTP/2 handshake
 * are closed after {@link GrpcTransport#HANDSHAKE_TIMEOUT}, and real calls are answered meanwhile.
 */
class GrpcSlowClientTest {

    @Test
    void aConnectionThatNeverFinishesTheHandshakeIsClosedWhileCallsGoOn() throws Exception {
        RegionRouter router = Routers.start(new FixedRoutingMap(Fixtures.map()), 0);
        ManagedChannel channel = Routers.channel(router.grpcPort());
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", router.grpcPort()), 5_000);
                s.getOutputStream().write("PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.ISO_8859_1)); // half a preface
                s.getOutputStream().flush();
                slow.add(s);
            }
            long opened = System.nanoTime();
            var stub = Routers.stub(channel, "slow-test");
            for (int i = 0; i < 5; i++) {
                RouteRequest write = RouteRequest.newBuilder()
                        .setTable("orders")
                        .setKey("order-1")
                        .setIntent(Intent.WRITE)
                        .setClientRegion("us-east")
                        .build();
                assertFalse(stub.route(write).getRegion().isEmpty(), "answered while slow clients hold connections");
            }
            Duration limit = GrpcTransport.HANDSHAKE_TIMEOUT.plusSeconds(10);
            for (Socket s : slow) {
                long remaining = limit.toMillis() - (System.nanoTime() - opened) / 1_000_000;
                s.setSoTimeout((int) Math.max(1, remaining));
                assertTrue(closedByServer(s.getInputStream()), "a half-open connection is closed within " + limit);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - opened);
            assertTrue(
                    took.compareTo(GrpcTransport.HANDSHAKE_TIMEOUT.minusSeconds(1)) >= 0,
                    "closed by the handshake timeout, not at once: " + took.toMillis() + " ms");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            channel.shutdownNow();
            router.close();
        }
    }

    /** Reads until the server closes (true) or the socket's timeout passes (false). */
    private static boolean closedByServer(InputStream in) {
        try {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // the server may send its SETTINGS or a GOAWAY before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
