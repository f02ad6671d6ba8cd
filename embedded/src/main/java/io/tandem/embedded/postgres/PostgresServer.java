package io.tandem.embedded.postgres;

import io.tandem.embedded.Directories;
import io.tandem.embedded.ManagedServer;
import io.tandem.embedded.ServerStartException;
import io.tandem.embedded.ports.BindRetry;
import io.tandem.embedded.ports.LoopbackPorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL (zonky's binaries, which run as root too) on 127.0.0.1, with {@code
 * wal_level=logical} and {@code synchronous_commit=on}. Trust authentication: user {@value #USER},
 * empty password.
 *
 * <p>Directory layout: {@code <dir>/data} is PGDATA, {@code <dir>/postgres.log} the server log.
 * {@link #stop()} then {@link #start()} restarts on the same data directory and port. {@link
 * #close()} is idempotent and deletes the directory.
 */
public final class PostgresServer extends ManagedServer {
    public static final String USER = "postgres";
    public static final String PASSWORD = "";
    public static final String DATABASE = "postgres";

    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(30);

    private final PostgresSettings settings;
    private final IntSupplier portPicker;
    private final Path dataDir;
    private final Path logFile;
    private volatile int port;
    private volatile EmbeddedPostgres postgres;

    /** Creates the server's directory now (deleted by {@link #close()}); does not start it. */
    public PostgresServer(PostgresSettings settings) {
        this(settings, LoopbackPorts::pick);
    }

    /** For tests that need to hand out a taken port first. */
    PostgresServer(PostgresSettings settings, IntSupplier portPicker) {
        super(
                "postgres " + settings.name(),
                Directories.createUnder(settings.baseDir(), "postgres-" + settings.name()));
        this.settings = settings;
        this.portPicker = portPicker;
        this.dataDir = directory().resolve("data");
        this.logFile = directory().resolve("postgres.log");
    }

    /** Creates and starts a server; closes it again if the start fails. */
    public static PostgresServer start(PostgresSettings settings) {
        PostgresServer server = new PostgresServer(settings);
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    protected void startServer(boolean firstStart) {
        if (firstStart) {
            BindRetry.run(
                    name(),
                    attempt -> {
                        port = portPicker.getAsInt();
                        ServerLog.clear(logFile);
                        if (attempt > 1) {
                            // zonky may still hold a lock on the old directory's lock file: start afresh.
                            Directories.deleteRecursively(dataDir);
                        }
                        launchOrStop();
                    },
                    e -> e instanceof PortTakenException);
        } else {
            launch();
        }
    }

    /**
     * A failed attempt must end its postmaster and release zonky's lock on the data directory (held
     * by this JVM) before the next attempt, or that attempt fails on the lock.
     */
    private void launchOrStop() {
        try {
            launch();
        } catch (RuntimeException e) {
            try {
                awaitPgCtl();
                stopServer();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    /** Lets a failed attempt's {@code pg_ctl start} finish, so its postmaster is gone or stoppable. */
    private void awaitPgCtl() {
        EmbeddedPostgres running = postgres;
        if (running == null) {
            return;
        }
        try {
            if (!running.getProcess().waitFor(PG_CTL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(name() + ": pg_ctl start still running after " + PG_CTL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name() + ": interrupted while waiting for pg_ctl", e);
        }
    }

    private void launch() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                // zonky's clean-up would run initdb again over our data; this class deletes on close.
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(settings.startupTimeout())
                .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        settings.serverConfig().forEach(builder::setServerConfig);
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            String log = ServerLog.tail(logFile);
            if (ServerLog.saysAddressInUse(log)) {
                throw new PortTakenException(name() + ": port " + port + " was taken", e);
            }
            throw new ServerStartException(
                    name() + " did not start on " + LoopbackPorts.HOST + ":" + port + " with data directory " + dataDir
                            + " within " + settings.startupTimeout() + "; the end of " + logFile + " says:\n" + log,
                    e);
        }
        verifyItIsOurs();
    }

    /** If another server held the port, zonky's readiness probe talked to it: check the data directory. */
    private void verifyItIsOurs() {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            Path served = Path.of(rs.getString(1));
            if (!Files.isSameFile(served, dataDir)) {
                throw new PortTakenException(name() + ": port " + port + " is served by " + served, null);
            }
        } catch (SQLException | IOException e) {
            throw new ServerStartException(name() + ": started but a check query on port " + port + " failed", e);
        }
    }

    @Override
    protected void stopServer() {
        EmbeddedPostgres running = postgres;
        postgres = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                throw new UncheckedIOException(name() + ": could not stop the server on port " + port, e);
            }
        }
    }

    /**
     * Kills PostgreSQL with SIGKILL, the postmaster and every backend, as a machine crash would. The
     * committed data stays in the data directory; {@link #start()} then runs crash recovery on the
     * same directory and port. zonky logs at ERROR that it found no server to stop: expected.
     *
     * @throws IllegalStateException if the server is not RUNNING
     */
    public void crash() {
        stopBy("crashed (SIGKILL)", () -> {
            PostmasterProcess.of(dataDir).kill(name());
            stopServer();
        });
    }

    /** The TCP port on 127.0.0.1; the same across restarts. */
    public int port() {
        return port;
    }

    public String host() {
        return LoopbackPorts.HOST;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** PGDATA; kept across {@link #stop()} and {@link #start()}. */
    public Path dataDirectory() {
        return dataDir;
    }

    /** The JDBC URL of the {@value #DATABASE} database, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + LoopbackPorts.HOST + ":" + port + "/" + database;
    }

    public DataSource dataSource() {
        return dataSource(DATABASE);
    }

    /** A non-pooling DataSource for {@code database} as user {@value #USER}. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {LoopbackPorts.HOST});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }

    /** A new connection to the {@value #DATABASE} database; the caller closes it. */
    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    /** Runs {@code sql} (one or more statements) in the {@value #DATABASE} database. */
    public void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of every row {@code query} returns in the {@value #DATABASE} database, as text. */
    public java.util.List<String> column(String query) throws SQLException {
        java.util.List<String> values = new java.util.ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Creates a database, for a test that wants its own. */
    public void createDatabase(String database) {
        requireRunning("createDatabase");
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name '" + database + "' must match [a-z_][a-z0-9_]*");
        }
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": could not create database " + database, e);
        }
    }
}
