package io.tandem.chaos.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of an echo server: pass, delay, hold one or both ways, reset. */
class FaultProxyTest {
    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread h = new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // client went away
                        }
                    });
                    h.setDaemon(true);
                    h.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = FaultProxy.start("test", 0, echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte[] roundTrip(Socket s, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(out);
        s.getOutputStream().flush();
        return s.getInputStream().readNBytes(out.length);
    }

    @Test
    void passesBytesBothWays() throws IOException {
        try (Socket s = connect()) {
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), roundTrip(s, "hello"));
        }
        // counted just after each write, so the reply can be read a moment before its bytes are counted
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.forwardedBytes() >= 10);
    }

    @Test
    void delayAddsAtLeastTheDelayToARoundTrip() throws IOException {
        proxy.set(LinkState.delayed(Duration.ofMillis(150)));
        try (Socket s = connect()) {
            long began = System.nanoTime();
            roundTrip(s, "slow");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            assertTrue(tookMs >= 300, "two legs of 150 ms each, took " + tookMs + " ms");
        }
    }

    @Test
    void aHeldDirectionDeliversNothingUntilHealedThenEverythingInOrder() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "warm");
            proxy.set(LinkState.serverSilent());
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("abc".getBytes(StandardCharsets.UTF_8));
            out.flush();
            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readNBytes(3);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !reply.isDone());
            proxy.heal();
            assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), reply.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void resetClosesOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        Socket s = connect();
        roundTrip(s, "x");
        proxy.set(LinkState.resetting());
        assertThrows(IOException.class, () -> {
            for (int i = 0; i < 100; i++) {
                roundTrip(s, "y"); // the first write may still land in the buffer; a later read fails
                if (s.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }
        });
        s.close();
        try (Socket again = connect()) {
            assertThrows(IOException.class, () -> {
                byte[] got = roundTrip(again, "z");
                if (got.length == 0) {
                    throw new IOException("closed");
                }
            });
        }
        proxy.heal();
        try (Socket healed = connect()) {
            assertEquals("ok", new String(roundTrip(healed, "ok"), StandardCharsets.UTF_8));
        }
    }
}
