package io.tandem.cli.security;

import io.tandem.replicator.region.DatabaseSettings;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns a failed PostgreSQL connection into a message that says which setting to fix when TLS is
 * the reason: an untrusted or mismatched server certificate ({@code postgres.sslrootcert}), a server
 * that takes only TLS connections or offers none ({@code postgres.sslmode}).
 */
public final class PostgresTlsProblem {
    private PostgresTlsProblem() {}

    /** The error's message, followed by what to change when TLS caused it. */
    public static String explain(Throwable error, DatabaseSettings database) {
        String message = String.valueOf(error.getMessage());
        String all = chainText(error).toLowerCase(Locale.ROOT);
        String mode = database.tls().mode().text();
        String root = database.tls().rootCert().map(Path::toString).orElse("not set");
        if (all.contains("no encryption")) {
            return message + " — the server accepts only TLS connections: set postgres.sslmode (now " + mode
                    + ") to verify-full and postgres.sslrootcert to the CA of the server's certificate";
        }
        if (all.contains("does not support ssl")) {
            return message + " — the server at " + database.address() + " offers no TLS: turn on ssl on the"
                    + " server, or lower postgres.sslmode (now " + mode + ")";
        }
        if (all.contains("hostname") && all.contains("could not be verified")) {
            return message + " — the server's certificate does not name host " + database.host()
                    + ": connect by a name the certificate lists (postgres.url) or use postgres.sslmode=verify-ca"
                    + " (now " + mode + ")";
        }
        if (hasCause(error, SSLException.class)
                || hasCause(error, CertificateException.class)
                || all.contains("ssl")
                || all.contains("certificate")) {
            return message + " — TLS to " + database.address() + " failed: the server's certificate must chain to"
                    + " the CA in postgres.sslrootcert (now " + root + ", postgres.sslmode " + mode
                    + "); fix postgres.sslrootcert";
        }
        return message;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String chainText(Throwable error) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            text.append(t.getClass().getName())
                    .append(": ")
                    .append(t.getMessage())
                    .append('\n');
        }
        return text.toString();
    }
}
