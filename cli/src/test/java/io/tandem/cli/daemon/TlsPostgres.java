package io.tandem.cli.daemon;

import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.embedded.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An embedded PostgreSQL that takes only TLS connections: {@code ssl=on} with a server certificate
 * from a test CA, and a {@code pg_hba.conf} whose only entries are {@code hostssl} (a plain-text
 * connection is refused with "no encryption").
 */
public final class TlsPostgres {
    private TlsPostgres() {}

    /** The server, and the CA certificate its certificate chains to. */
    public record Started(PostgresServer server, Path authority) {}

    /** A hostssl-only server trusting every user (no passwords). */
    public static Started start(String name, TestCertificates ca, Path dir) throws IOException {
        return start(name, ca, dir, "hostssl all all 127.0.0.1/32 trust\nhostssl replication all 127.0.0.1/32 trust\n");
    }

    /** A server with these {@code pg_hba.conf} lines (keep them hostssl to refuse plain text). */
    public static Started start(String name, TestCertificates ca, Path dir, String hbaLines) throws IOException {
        Path tls = Files.createDirectories(dir.resolve("pg-tls-" + name));
        TestCertificates.Issued issued = ca.issue("postgres-" + name, tls);
        // PostgreSQL refuses a key file others can read.
        Files.setPosixFilePermissions(issued.key(), PosixFilePermissions.fromString("rw-------"));
        Path hba = Files.writeString(tls.resolve("pg_hba.conf"), hbaLines);
        PostgresSettings settings = PostgresSettings.of(name)
                .withBaseDir(dir)
                .withServerConfig("ssl", "on")
                .withServerConfig("ssl_cert_file", issued.certificate().toString())
                .withServerConfig("ssl_key_file", issued.key().toString())
                .withServerConfig("hba_file", hba.toString());
        return new Started(PostgresServer.start(settings), issued.authority());
    }
}
