package io.tandem.embedded.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on 127.0.0.1.
 *
 * <p>A port found free here may be taken by another process before our server binds it: callers
 * retry on "address already in use" through {@link BindRetry}. Within this JVM a port is handed
 * out at most once, so servers started in parallel here never race each other.
 */
public final class LoopbackPorts {
    /** The only address embedded servers bind to. */
    public static final String HOST = "127.0.0.1";

    private static final int MAX_PICKS = 50;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {}

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /** A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before. */
    public static int pick() {
        for (int i = 0; i < MAX_PICKS; i++) {
            int port = bindEphemeral();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port after " + MAX_PICKS + " tries: this JVM has used "
                + HANDED_OUT.size() + " ports; close servers you no longer need");
    }

    /** Whether something accepts binding {@code port} on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code failure} or one of its causes says the address was already in use. */
    public static boolean isAddressInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.contains("Address already in use")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static int bindEphemeral() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind any port on " + HOST + ": is the loopback interface up?", e);
        }
    }
}
