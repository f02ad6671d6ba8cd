package io.tandem.replicator.region;

import io.tandem.replicator.connection.DatabaseTls;
import java.util.Objects;

/**
 * How to reach one region's PostgreSQL database. The password is kept out of {@link #toString()}.
 *
 * @param host database host
 * @param port database port
 * @param database database name
 * @param user a user with the REPLICATION attribute (or superuser) that owns the replicated tables
 * @param password the user's password, or null for trust authentication
 * @param tls TLS of every connection to it ({@link DatabaseTls#DEFAULT}: PgJDBC's {@code prefer})
 */
public record DatabaseSettings(String host, int port, String database, String user, String password, DatabaseTls tls) {

    public DatabaseSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("database settings need a host");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("database port " + port + " is not a TCP port (1-65535)");
        }
        if (database == null || database.isBlank() || user == null || user.isBlank()) {
            throw new IllegalArgumentException(
                    "database settings for " + host + ":" + port + " need a database name and a user");
        }
        Objects.requireNonNull(tls, "tls");
    }

    /** Settings with PgJDBC's default TLS ({@code sslmode=prefer}). */
    public DatabaseSettings(String host, int port, String database, String user, String password) {
        this(host, port, database, user, password, DatabaseTls.DEFAULT);
    }

    /** The JDBC URL, with the TLS settings as parameters (so every connection made from it uses them). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?" + tls.urlParameters();
    }

    /** The database's address for messages and membership ({@code jdbc:postgresql://host:port/db}), no parameters. */
    public String address() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A non-pooling DataSource for this database, named {@code applicationName} in pg_stat_activity. */
    public javax.sql.DataSource dataSource(String applicationName) {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(5);
        ds.setApplicationName(applicationName);
        return ds;
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + user + "@" + host + ":" + port + "/" + database + ", " + tls + "]";
    }
}
