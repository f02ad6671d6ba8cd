package io.tandem.embedded.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: issues server and client certificates and
 * writes them as PEM files (certificate, PKCS#8 private key, CA certificate), the format Tandem's
 * TLS settings read. Keys are EC P-256; certificates are valid for a day. Nothing here is fit for
 * production.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed CA called {@code name}. */
    public static TestCertificates authority(String name) {
        KeyPair keys = newKeys();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestCertificates(name, keys, sign(builder, keys.getPrivate()));
    }

    /** The files of one issued identity: certificate, private key, and the issuing CA's certificate. */
    public record Issued(Path certificate, Path key, Path authority) {}

    /**
     * Issues a certificate for {@code commonName}, valid for loopback ({@code localhost},
     * {@code 127.0.0.1}) so it serves as a server or a client certificate, and writes it, its key
     * and this CA's certificate into {@code dir}.
     */
    public Issued issue(String commonName, Path dir) {
        KeyPair leaf = newKeys();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name), new X500Name("CN=" + commonName), leaf);
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        X509Certificate cert = sign(builder, keys.getPrivate());
        try {
            Files.createDirectories(dir);
            Path certFile = dir.resolve(commonName + ".crt");
            Path keyFile = dir.resolve(commonName + ".key");
            Path caFile = dir.resolve(name + "-ca.crt");
            Files.writeString(certFile, pem(cert), StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pkcs8(leaf.getPrivate()), StandardCharsets.US_ASCII);
            Files.writeString(caFile, pem(certificate), StandardCharsets.US_ASCII);
            return new Issued(certFile, keyFile, caFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates into " + dir, e);
        }
    }

    /** This CA's certificate as a PEM file in {@code dir}. */
    public Path authorityFile(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name + "-ca.crt"), pem(certificate), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate EC keys", e);
        }
    }

    private static String pem(Object value) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(value);
        }
        return text.toString();
    }

    private static String pkcs8(PrivateKey key) {
        String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }
}
