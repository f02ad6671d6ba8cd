package io.tandem.controller.access;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * TLS for a client of a Tandem endpoint (an application's router client, a probe, a test): the CA
 * that signed the server's certificate and, for a mutual-TLS endpoint, this client's certificate
 * and PKCS#8 key, all PEM files.
 *
 * @param authority PEM CA certificate(s) the server's certificate must chain to
 * @param certificate this client's PEM certificate, for mutual TLS
 * @param key this client's PEM PKCS#8 key, with {@code certificate}
 */
public record ClientTls(Path authority, Optional<Path> certificate, Optional<Path> key) {

    public ClientTls {
        if (authority == null) {
            throw new IllegalArgumentException("client TLS needs the CA file that signed the server's certificate");
        }
        certificate = certificate == null ? Optional.empty() : certificate;
        key = key == null ? Optional.empty() : key;
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key and a key its certificate");
        }
    }

    /** Server-authenticated TLS: no client certificate. */
    public static ClientTls trusting(Path authority) {
        return new ClientTls(authority, Optional.empty(), Optional.empty());
    }

    /** Mutual TLS: this client presents {@code certificate}. */
    public static ClientTls mutual(Path authority, Path certificate, Path key) {
        return new ClientTls(authority, Optional.of(certificate), Optional.of(key));
    }

    /** Key managers presenting the client certificate; null when there is none. */
    public KeyManager[] keyManagers() {
        return certificate.isEmpty() ? null : Pem.keyManagers(certificate.get(), key.get(), "client TLS");
    }

    public TrustManager[] trustManagers() {
        return Pem.trustManagers(authority, "client TLS CA");
    }

    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), trustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up client TLS (" + e.getMessage() + ")", e);
        }
    }
}
