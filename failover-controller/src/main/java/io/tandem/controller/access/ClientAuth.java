package io.tandem.controller.access;

import java.util.Locale;
import javax.net.ssl.SSLParameters;

/** Whether a TLS endpoint asks its clients for a certificate (mutual TLS). */
public enum ClientAuth {
    /** Server-authenticated TLS only. */
    NONE {
        @Override
        public void applyTo(SSLParameters parameters) {
            parameters.setNeedClientAuth(false);
            parameters.setWantClientAuth(false);
        }
    },
    /** A client certificate is checked when given, but a client without one is served. */
    OPTIONAL {
        @Override
        public void applyTo(SSLParameters parameters) {
            parameters.setWantClientAuth(true);
        }
    },
    /** Mutual TLS: a client without a certificate signed by the configured CA is refused in the handshake. */
    REQUIRE {
        @Override
        public void applyTo(SSLParameters parameters) {
            parameters.setNeedClientAuth(true);
        }
    };

    /** Sets the JDK's client-auth flags for this mode. */
    public abstract void applyTo(SSLParameters parameters);

    /** Parses {@code none}, {@code optional} or {@code require}, naming {@code setting} when the text is none of them. */
    public static ClientAuth parse(String text, String setting) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    setting + " must be one of none, optional, require; got '" + text + "'", e);
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
