package io.tandem.chaos.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FaultProxy} does to the traffic of its link right now.
 *
 * <p>"Held" bytes are neither lost nor delivered: the proxy stops forwarding that direction and,
 * once its small buffer is full, stops reading, so TCP flow control pushes back on the sender, as a
 * real partition does. Healing delivers them in order. A client that gives up first (a ZooKeeper
 * session timeout, a Kafka request timeout) closes its connection, and the proxy closes the other side.
 *
 * @param delay added to every chunk in both directions (latency, not a bandwidth limit)
 * @param holdToServer bytes from the client to the server are held (the server hears nothing)
 * @param holdToClient bytes from the server to the client are held (the client hears nothing)
 * @param refuse every connection is reset (RST) at once, the open ones and every new one
 */
public record LinkState(Duration delay, boolean holdToServer, boolean holdToClient, boolean refuse) {

    public static final LinkState HEALTHY = new LinkState(Duration.ZERO, false, false, false);

    public LinkState {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("link delay must not be negative, got " + delay);
        }
    }

    /** Both directions held: a symmetric partition of this link. */
    public static LinkState partitioned() {
        return new LinkState(Duration.ZERO, true, true, false);
    }

    /** Only the server's replies are held: the client can talk, but never hears back. */
    public static LinkState serverSilent() {
        return new LinkState(Duration.ZERO, false, true, false);
    }

    /** Only the client's requests are held: the server never hears the client. */
    public static LinkState clientSilent() {
        return new LinkState(Duration.ZERO, true, false, false);
    }

    public static LinkState delayed(Duration delay) {
        return new LinkState(delay, false, false, false);
    }

    public static LinkState resetting() {
        return new LinkState(Duration.ZERO, false, false, true);
    }

    boolean holds(Direction direction) {
        return direction == Direction.TO_SERVER ? holdToServer : holdToClient;
    }

    @Override
    public String toString() {
        if (equals(HEALTHY)) {
            return "healthy";
        }
        StringBuilder b = new StringBuilder();
        if (refuse) {
            b.append("reset ");
        }
        if (holdToServer && holdToClient) {
            b.append("partitioned ");
        } else if (holdToServer) {
            b.append("client->server held ");
        } else if (holdToClient) {
            b.append("server->client held ");
        }
        if (!delay.isZero()) {
            b.append("+").append(delay.toMillis()).append(" ms ");
        }
        return b.toString().trim();
    }

    /** The two directions of a proxied connection. */
    enum Direction {
        TO_SERVER,
        TO_CLIENT
    }
}
