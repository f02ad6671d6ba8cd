package io.tandem.controller.access;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads PEM certificates and unencrypted PKCS#8 private keys ({@code BEGIN PRIVATE KEY}) with the
 * JDK alone, into key and trust managers. Errors name the file, never its content.
 */
final class Pem {

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private Pem() {}

    static List<Certificate> certificates(Path file, String setting) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            List<Certificate> certs = List.copyOf(
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(setting + ": " + file + " holds no PEM certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    setting + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": " + file + " is not a PEM X.509 certificate", e);
        }
    }

    static PrivateKey privateKey(Path file, String setting) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    setting + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(setting + ": " + file + " holds no unencrypted PKCS#8 key"
                    + " ('BEGIN PRIVATE KEY'); convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(setting + ": the key in " + file + " is not an EC, RSA or Ed25519 key");
    }

    static KeyManager[] keyManagers(Path certFile, Path keyFile, String setting) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    "tandem",
                    privateKey(keyFile, setting + ".key"),
                    NO_PASSWORD,
                    certificates(certFile, setting + ".cert").toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    setting + ": the key in " + keyFile + " does not match the certificate in " + certFile
                            + " or cannot be used (" + e.getMessage() + ")",
                    e);
        }
    }

    static TrustManager[] trustManagers(Path caFile, String setting) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates(caFile, setting)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": cannot trust the certificates in " + caFile, e);
        }
    }
}
