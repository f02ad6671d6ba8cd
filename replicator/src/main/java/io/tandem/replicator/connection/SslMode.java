package io.tandem.replicator.connection;

import java.util.Arrays;
import java.util.stream.Collectors;

/** PgJDBC's (and libpq's) {@code sslmode}: whether the connection is encrypted and what is checked. */
public enum SslMode {
    DISABLE("disable", false, false),
    ALLOW("allow", false, false),
    PREFER("prefer", false, false),
    REQUIRE("require", true, false),
    VERIFY_CA("verify-ca", true, true),
    VERIFY_FULL("verify-full", true, true);

    private final String text;
    private final boolean encrypted;
    private final boolean verifiesServer;

    SslMode(String text, boolean encrypted, boolean verifiesServer) {
        this.text = text;
        this.encrypted = encrypted;
        this.verifiesServer = verifiesServer;
    }

    /** The value PgJDBC and Debezium take ({@code verify-full}). */
    public String text() {
        return text;
    }

    /** Whether a connection in this mode is always encrypted (never falls back to plain text). */
    public boolean encrypted() {
        return encrypted;
    }

    /** Whether the server's certificate must chain to the root certificate. */
    public boolean verifiesServer() {
        return verifiesServer;
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static SslMode parse(String text) {
        return Arrays.stream(values())
                .filter(m -> m.text.equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("sslmode '" + text + "' is not one of "
                        + Arrays.stream(values()).map(SslMode::text).collect(Collectors.joining(", "))));
    }
}
