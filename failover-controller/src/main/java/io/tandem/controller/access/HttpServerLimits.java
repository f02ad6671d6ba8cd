package io.tandem.controller.access;

import java.time.Duration;

/**
 * Limits that keep slow or numerous clients from tying up Tandem's HTTP endpoints (the router's
 * HTTP/JSON server, the daemon's status page), both built on the JDK's {@code HttpServer}: a
 * request whose line, headers and body have not all arrived within {@link #requestTimeout()}, or
 * whose response is not taken within it, is closed; connections beyond {@link #maxConnections()}
 * are closed as they are accepted. Without these, a client sending a request one byte at a time
 * (slow loris) holds one of the server's few handler threads for as long as it likes.
 *
 * <p>The JDK reads these limits once per JVM from system properties ({@code
 * sun.net.httpserver.maxReqTime}, {@code sun.net.httpserver.maxRspTime} in seconds, {@code
 * jdk.httpserver.maxConnections}), when the first server is created. {@link #apply()} sets Tandem's
 * defaults for any of them not already given (e.g. with {@code -D} on the command line), and every
 * Tandem HTTP server calls it before it is created.
 */
public final class HttpServerLimits {
    static final String REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    static final String RESPONSE_TIME = "sun.net.httpserver.maxRspTime";
    static final String TIMER = "sun.net.httpserver.timerMillis";
    static final String MAX_CONNECTIONS = "jdk.httpserver.maxConnections";

    /** Tandem's default for reading a whole request, and for a client to take the response. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Tandem's default for open connections per server. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    private HttpServerLimits() {}

    /** Sets the defaults for limits not given; call before creating an {@code HttpServer}. */
    public static synchronized void apply() {
        setIfAbsent(REQUEST_TIME, Long.toString(DEFAULT_REQUEST_TIMEOUT.toSeconds()));
        setIfAbsent(RESPONSE_TIME, Long.toString(DEFAULT_REQUEST_TIMEOUT.toSeconds()));
        setIfAbsent(TIMER, "250");
        setIfAbsent(MAX_CONNECTIONS, Integer.toString(DEFAULT_MAX_CONNECTIONS));
    }

    /** The request (and response) time limit in force in this JVM. */
    public static Duration requestTimeout() {
        apply();
        return Duration.ofSeconds(
                Long.parseLong(System.getProperty(REQUEST_TIME).trim()));
    }

    /** How often the JDK checks the time limits: a slow request is closed at most this much late. */
    public static Duration checkInterval() {
        apply();
        return Duration.ofMillis(Long.parseLong(System.getProperty(TIMER).trim()));
    }

    /** The connection limit per server in force in this JVM. */
    public static int maxConnections() {
        apply();
        return Integer.parseInt(System.getProperty(MAX_CONNECTIONS).trim());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
