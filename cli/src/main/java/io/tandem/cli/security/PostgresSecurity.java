package io.tandem.cli.security;

import io.tandem.cli.config.Config;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.cli.config.SecuritySettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * How this daemon connects to its PostgreSQL: user, password and TLS, as PgJDBC properties.
 *
 * @param user database user
 * @param password its password (never printed)
 * @param sslmode PgJDBC {@code sslmode}
 * @param sslrootcert PEM CA file for the server's certificate
 */
public record PostgresSecurity(String user, Optional<String> password, String sslmode, Optional<Path> sslrootcert) {

    public static PostgresSecurity from(Config config) {
        return new PostgresSecurity(
                config.get(DaemonSettings.POSTGRES_USER),
                config.get(SecuritySettings.POSTGRES_PASSWORD),
                config.get(SecuritySettings.POSTGRES_SSLMODE),
                config.get(SecuritySettings.POSTGRES_SSLROOTCERT));
    }

    /** The JDBC connection properties ({@code DriverManager.getConnection(url, properties)} or a data source). */
    public Properties jdbcProperties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("sslmode", sslmode);
        sslrootcert.ifPresent(file -> p.setProperty("sslrootcert", file.toString()));
        return p;
    }

    @Override
    public String toString() {
        return "PostgresSecurity[user=" + user + ", password=" + (password.isPresent() ? "****" : "none") + ", sslmode="
                + sslmode + ", sslrootcert=" + sslrootcert.map(Path::toString).orElse("none") + "]";
    }
}
