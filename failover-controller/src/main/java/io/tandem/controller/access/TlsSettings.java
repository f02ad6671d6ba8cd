package io.tandem.controller.access;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * TLS for one server endpoint (the router's gRPC and HTTP, the daemon's status page), from PEM
 * files: the server's certificate chain and PKCS#8 key, and, for mutual TLS, the CA whose
 * certificates clients must present. Files are read when {@link #sslContext()} is called, so a
 * restart picks up rotated files.
 *
 * @param certificate PEM certificate chain of the server (leaf first)
 * @param key PEM unencrypted PKCS#8 private key of that certificate
 * @param clientAuthority PEM CA certificate(s) clients' certificates must chain to; required unless
 *     {@code clientAuth} is {@link ClientAuth#NONE}
 * @param clientAuth whether clients must present a certificate
 * @param setting the settings prefix these came from (e.g. {@code router.tls}), for error messages
 */
public record TlsSettings(
        Path certificate, Path key, Optional<Path> clientAuthority, ClientAuth clientAuth, String setting) {

    public TlsSettings {
        if (setting == null || setting.isBlank()) {
            setting = "tls";
        }
        if (certificate == null || key == null) {
            throw new IllegalArgumentException(setting + ": TLS needs both a certificate file (" + setting
                    + ".cert) and its key file (" + setting + ".key)");
        }
        clientAuthority = clientAuthority == null ? Optional.empty() : clientAuthority;
        clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
        if (clientAuth != ClientAuth.NONE && clientAuthority.isEmpty()) {
            throw new IllegalArgumentException(setting + ".client-auth is " + clientAuth.key() + " but no CA is set ("
                    + setting + ".ca): the server could not check client certificates");
        }
    }

    /** TLS with client certificates required, checked against {@code ca}. */
    public static TlsSettings mutual(Path certificate, Path key, Path ca, String setting) {
        return new TlsSettings(certificate, key, Optional.of(ca), ClientAuth.REQUIRE, setting);
    }

    /**
     * TLS settings from optional parts: empty when neither certificate nor key is set (plain
     * text); an error naming the missing part when only one is.
     */
    public static Optional<TlsSettings> of(
            Optional<Path> certificate, Optional<Path> key, Optional<Path> ca, ClientAuth clientAuth, String setting) {
        if (certificate.isEmpty() && key.isEmpty()) {
            if (ca.isPresent() || clientAuth != ClientAuth.NONE) {
                throw new IllegalArgumentException(setting + ".ca / " + setting
                        + ".client-auth are set but TLS is off: set " + setting + ".cert and " + setting + ".key too");
            }
            return Optional.empty();
        }
        return Optional.of(new TlsSettings(certificate.orElse(null), key.orElse(null), ca, clientAuth, setting));
    }

    /** The key managers presenting this server's certificate. */
    public KeyManager[] keyManagers() {
        return Pem.keyManagers(certificate, key, setting);
    }

    /** The trust managers checking client certificates; null (the JDK's defaults) without a CA. */
    public TrustManager[] trustManagers() {
        return clientAuthority.map(ca -> Pem.trustManagers(ca, setting + ".ca")).orElse(null);
    }

    /**
     * A server SSLContext from the files, read now.
     *
     * @throws IllegalArgumentException naming the setting and file when one cannot be read or used
     */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), trustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": cannot set up TLS (" + e.getMessage() + ")", e);
        }
    }
}
