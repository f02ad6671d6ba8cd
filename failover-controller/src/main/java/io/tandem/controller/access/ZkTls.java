package io.tandem.controller.access;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.apache.zookeeper.common.X509Exception;

/**
 * TLS from a ZooKeeper client (daemon, CLI, router) to an ensemble's secure client port, passed to
 * ZooKeeper's own client settings ({@code zookeeper.client.secure}, the Netty socket, trust and key
 * stores). Store types follow the file name ({@code .p12}/{@code .pfx}, {@code .jks}; anything else is PEM);
 * a PEM key store holds the PKCS#8 key and the certificate chain in one file. Passwords of PKCS#12
 * or JKS stores are read by ZooKeeper from their files: only the file's path is passed on, so the
 * value never sits in a configuration object or a log line.
 *
 * @param truststore CA certificate(s) the servers' certificates must chain to
 * @param truststorePasswordFile file holding the trust store's password, if it has one
 * @param keystore this client's certificate and key, for an ensemble that requires client certificates
 * @param keystorePasswordFile file holding the key store's password, if it has one
 * @param setting the settings prefix these came from ({@code zookeeper.tls}), for error messages
 */
public record ZkTls(
        Path truststore,
        Optional<Path> truststorePasswordFile,
        Optional<Path> keystore,
        Optional<Path> keystorePasswordFile,
        String setting) {

    public ZkTls {
        setting = setting == null || setting.isBlank() ? "zookeeper.tls" : setting;
        if (truststore == null) {
            throw new IllegalArgumentException(setting + ".truststore is required for ZooKeeper over TLS");
        }
        truststorePasswordFile = truststorePasswordFile == null ? Optional.empty() : truststorePasswordFile;
        keystore = keystore == null ? Optional.empty() : keystore;
        keystorePasswordFile = keystorePasswordFile == null ? Optional.empty() : keystorePasswordFile;
        if (keystorePasswordFile.isPresent() && keystore.isEmpty()) {
            throw new IllegalArgumentException(
                    setting + ".keystore-password-file is set but " + setting + ".keystore is not");
        }
        requireReadable(truststore, setting + ".truststore");
        String prefix = setting;
        truststorePasswordFile.ifPresent(f -> requireReadable(f, prefix + ".truststore-password-file"));
        keystore.ifPresent(f -> requireReadable(f, prefix + ".keystore"));
        keystorePasswordFile.ifPresent(f -> requireReadable(f, prefix + ".keystore-password-file"));
    }

    /** TLS trusting the CA(s) in {@code truststore}, without a client certificate. */
    public static ZkTls trusting(Path truststore, String setting) {
        return new ZkTls(truststore, Optional.empty(), Optional.empty(), Optional.empty(), setting);
    }

    /**
     * TLS settings from optional parts: empty when no trust store is set (plain text); an error
     * naming the setting when a key store or password file is set without one.
     */
    public static Optional<ZkTls> of(
            Optional<Path> truststore,
            Optional<Path> truststorePasswordFile,
            Optional<Path> keystore,
            Optional<Path> keystorePasswordFile,
            String setting) {
        if (truststore.isEmpty()) {
            if (keystore.isPresent() || truststorePasswordFile.isPresent() || keystorePasswordFile.isPresent()) {
                throw new IllegalArgumentException(setting + ".keystore / password files are set but TLS to ZooKeeper"
                        + " is off: set " + setting + ".truststore too");
            }
            return Optional.empty();
        }
        return Optional.of(
                new ZkTls(truststore.get(), truststorePasswordFile, keystore, keystorePasswordFile, setting));
    }

    /** ZooKeeper client settings for this TLS (a fresh object per client). */
    public ZKClientConfig clientConfig() {
        ZKClientConfig config = new ZKClientConfig();
        try (ClientX509Util x509 = new ClientX509Util()) {
            config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
            config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
            config.setProperty(x509.getSslTruststoreLocationProperty(), truststore.toString());
            config.setProperty(x509.getSslTruststoreTypeProperty(), storeType(truststore));
            truststorePasswordFile.ifPresent(
                    f -> config.setProperty(x509.getSslTruststorePasswdPathProperty(), f.toString()));
            keystore.ifPresent(f -> {
                config.setProperty(x509.getSslKeystoreLocationProperty(), f.toString());
                config.setProperty(x509.getSslKeystoreTypeProperty(), storeType(f));
            });
            keystorePasswordFile.ifPresent(
                    f -> config.setProperty(x509.getSslKeystorePasswdPathProperty(), f.toString()));
        }
        return config;
    }

    /**
     * Completes one TLS handshake with the first server of {@code connectString} that accepts a
     * connection, with the same trust and key material ZooKeeper's client uses, so a certificate
     * problem is reported at once and by name instead of as a connection that never comes up.
     * Servers that do not answer are skipped (the client retries them).
     *
     * @throws IllegalArgumentException when a server refuses the handshake, naming the settings to check
     */
    public void checkHandshake(String connectString) {
        SSLContext context;
        try (ClientX509Util x509 = new ClientX509Util()) {
            context = x509.createSSLContext(clientConfig());
        } catch (X509Exception.SSLContextException e) {
            throw new IllegalArgumentException(
                    "cannot read the ZooKeeper TLS stores (" + setting + ".truststore " + truststore
                            + keystore.map(k -> ", " + setting + ".keystore " + k)
                                    .orElse("") + "): "
                            + rootMessage(e),
                    e);
        }
        for (String server : connectString.replaceFirst("/.*$", "").split(",")) {
            int colon = server.lastIndexOf(':');
            String host = colon < 0 ? server.trim() : server.substring(0, colon).trim();
            int port = colon < 0
                    ? 2181
                    : Integer.parseInt(server.substring(colon + 1).trim());
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(host, port), 3_000);
                plain.setSoTimeout(5_000);
                try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
                    tls.startHandshake();
                    return;
                } catch (SSLException e) {
                    throw new IllegalArgumentException(
                            "ZooKeeper at " + host + ":" + port + " refused the TLS handshake (" + rootMessage(e)
                                    + "): its certificate must chain to a CA in " + setting + ".truststore ("
                                    + truststore + ") and name the host you connect to; if the ensemble asks for"
                                    + " client certificates, set " + setting + ".keystore; if it serves plain text"
                                    + " on this port, point zookeeper.connect at its secureClientPort",
                            e);
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof IllegalArgumentException) {
                    throw (IllegalArgumentException) e;
                }
                // not reachable now: the ZooKeeper client retries it
            }
        }
    }

    /** PKCS12, JKS or BCFKS by file name; anything else is read as PEM (ZooKeeper itself knows only .pem). */
    static String storeType(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return "PKCS12";
        }
        if (name.endsWith(".jks")) {
            return "JKS";
        }
        if (name.endsWith(".bcfks")) {
            return "BCFKS";
        }
        return "PEM";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void requireReadable(Path file, String name) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(name + ": cannot read " + file);
        }
    }

    @Override
    public String toString() {
        return "ZkTls[truststore=" + truststore + ", keystore="
                + keystore.map(Path::toString).orElse("none") + "]";
    }
}
