package io.tandem.embedded.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw-socket HTTP client that sends the start of a request and then trickles one more byte at
 * a time, never finishing (a slow-loris client), for tests of a server's request timeout. It
 * reports whether the server has closed the connection.
 */
public final class SlowClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final long openedNanos = System.nanoTime();
    private volatile boolean closedByServer;

    private SlowClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connects to {@code 127.0.0.1:port} and sends {@code start} (e.g. a request line and half the headers). */
    public static SlowClient start(int port, String start) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        SlowClient client = new SlowClient(s);
        client.out.write(start.getBytes(StandardCharsets.ISO_8859_1));
        client.out.flush();
        return client;
    }

    /** Headers started but never finished. */
    public static String partialHeaders(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    }

    /** Headers complete, a body announced at 1,000 bytes but only begun. */
    public static String partialBody(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"group\":";
    }

    /**
     * Sends one more byte, then checks (waiting at most {@code wait}) whether the server closed the
     * connection; true once it has.
     */
    public boolean trickleAndCheckClosed(Duration wait) {
        if (closedByServer) {
            return true;
        }
        try {
            out.write('a');
            out.flush();
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            int read = in.read();
            if (read < 0) {
                closedByServer = true;
            } else {
                // an answer (e.g. 408 or 400) precedes the close; drain what is there
                in.readNBytes(in.available());
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            closedByServer = true;
        } catch (IOException e) {
            closedByServer = true;
        }
        return closedByServer;
    }

    /** How long since this client connected. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
