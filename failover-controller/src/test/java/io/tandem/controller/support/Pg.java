package io.tandem.controller.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** A real PostgreSQL on loopback for one test class (zonky embedded binaries). */
public final class Pg implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private Pg(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static Pg start() {
        try {
            return new Pg(EmbeddedPostgres.builder()
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "50")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** Runs statements in autocommit mode. */
    public void exec(String... sql) {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }
}
