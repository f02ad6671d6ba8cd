package io.tandem.chaos.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy for one link on loopback ({@code 127.0.0.1:port() -> 127.0.0.1:targetPort}) whose
 * traffic a test can delay, hold in one or both directions, or reset: see {@link LinkState}.
 *
 * <p>Each connection has, per direction, a reader thread that reads chunks into a small bounded
 * queue stamped with their due time, and a writer thread that forwards each chunk once it is due
 * and the direction is not held. Order within a direction is always kept; nothing is dropped.
 * Only loopback is ever bound or dialled.
 *
 * <p>Lifecycle: created listening; {@link #close()} is idempotent and closes every connection.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final int CHUNK = 16 * 1024;
    private static final int QUEUE_CHUNKS = 8;

    private final String name;
    private final int targetPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Object stateChanged = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private volatile LinkState state = LinkState.HEALTHY;

    private FaultProxy(String name, int targetPort, ServerSocket server) {
        this.name = name;
        this.targetPort = targetPort;
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + name);
        acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy on 127.0.0.1:{@code listenPort} (0 for any free port) to 127.0.0.1:{@code targetPort}.
     *
     * @param name names the link in logs and histories, e.g. {@code kafka us-east->eu-west}
     */
    public static FaultProxy start(String name, int listenPort, int targetPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 64);
            FaultProxy proxy = new FaultProxy(name, targetPort, socket);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "fault proxy " + name + ": cannot listen on 127.0.0.1:" + listenPort
                            + " (taken? pick another port)",
                    e);
        }
    }

    public String name() {
        return name;
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port()}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public LinkState state() {
        return state;
    }

    /** Bytes forwarded in both directions since the start. */
    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    /** Open client connections. */
    public int connections() {
        return connections.size();
    }

    /** Applies {@code next} at once to every open connection and to new ones. */
    public void set(LinkState next) {
        LinkState before = state;
        state = next;
        synchronized (stateChanged) {
            stateChanged.notifyAll();
        }
        if (next.refuse()) {
            connections.forEach(Connection::reset);
        }
        if (!before.equals(next)) {
            LOG.info("link {}: {} -> {}", name, before, next);
        }
    }

    public void heal() {
        set(LinkState.HEALTHY);
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.warn("link {}: accept failed: {}", name, e.toString());
                }
                return;
            }
            if (state.refuse()) {
                resetQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
                Connection c = new Connection(client, upstream);
                connections.add(c);
                c.start();
            } catch (IOException e) {
                // the server is down (a restart in progress): the client sees a reset, as it would directly
                resetQuietly(client);
            }
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Waits until {@code direction} is not held, or the connection closed; false if it closed. */
    private boolean awaitFlowing(LinkState.Direction direction, Connection c) {
        synchronized (stateChanged) {
            while (state.holds(direction) && !c.closed.get() && !closed.get()) {
                try {
                    stateChanged.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !c.closed.get() && !closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.forEach(Connection::close);
        synchronized (stateChanged) {
            stateChanged.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "link " + name + " " + address() + " -> 127.0.0.1:" + targetPort + " (" + state + ")";
    }

    private record Chunk(byte[] bytes, long dueNanos) {}

    /** One client connection and its upstream connection. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private final AtomicBoolean closed = new AtomicBoolean();

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pipe(client.getInputStream(), upstream.getOutputStream(), LinkState.Direction.TO_SERVER);
            pipe(upstream.getInputStream(), client.getOutputStream(), LinkState.Direction.TO_CLIENT);
        }

        private void pipe(InputStream in, OutputStream out, LinkState.Direction direction) {
            BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
            Chunk end = new Chunk(new byte[0], 0);
            Thread reader = new Thread(
                    () -> {
                        byte[] buffer = new byte[CHUNK];
                        try {
                            int n;
                            while ((n = in.read(buffer)) >= 0) {
                                long due = System.nanoTime() + state.delay().toNanos();
                                queue.put(new Chunk(Arrays.copyOf(buffer, n), due));
                            }
                            queue.put(end);
                        } catch (IOException e) {
                            close();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            close();
                        }
                    },
                    "fault-proxy-" + name + "-read-" + direction);
            Thread writer = new Thread(
                    () -> {
                        try {
                            while (!closed.get()) {
                                Chunk chunk = queue.poll(100, TimeUnit.MILLISECONDS);
                                if (chunk == null) {
                                    continue;
                                }
                                if (chunk == end) {
                                    break;
                                }
                                long wait;
                                while ((wait = chunk.dueNanos() - System.nanoTime()) > 0 && !closed.get()) {
                                    LockSupport.parkNanos(wait);
                                }
                                if (!awaitFlowing(direction, this)) {
                                    return;
                                }
                                out.write(chunk.bytes());
                                out.flush();
                                forwardedBytes.addAndGet(chunk.bytes().length);
                            }
                        } catch (IOException e) {
                            // the other side went away
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        close();
                    },
                    "fault-proxy-" + name + "-write-" + direction);
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        void reset() {
            if (closed.compareAndSet(false, true)) {
                resetQuietly(client);
                resetQuietly(upstream);
                connections.remove(this);
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                closeQuietly(client);
                closeQuietly(upstream);
                connections.remove(this);
            }
        }

        private void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
