package io.tandem.cli;

import io.tandem.replicator.reconcile.RegionDatabase;
import io.tandem.resolver.vector.Regions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@code --db REGION=JDBC_URL} options of the commands that reach every region's database
 * (verify, repair), checked before anything connects. The password comes from the URL's {@code
 * password} parameter or, when the URL has none, from the environment variable {@value #PASSWORD_ENV};
 * never from the command line's own options.
 */
final class RegionDatabases {
    static final String PASSWORD_ENV = "TANDEM_POSTGRES_PASSWORD";

    private RegionDatabases() {}

    /**
     * @throws IllegalArgumentException naming the option and the bad value
     */
    static List<RegionDatabase> parse(Map<String, String> databases, String user, Map<String, String> env) {
        if (databases.size() < 2) {
            throw new IllegalArgumentException(
                    "--db: give at least two regions as REGION=JDBC_URL, got " + databases.size()
                            + (databases.isEmpty() ? "" : " (" + String.join(", ", databases.keySet()) + ")"));
        }
        List<RegionDatabase> regions = new ArrayList<>();
        databases.forEach((region, url) -> {
            if (!Regions.isValid(region)) {
                throw new IllegalArgumentException("--db " + region + "=...: '" + region
                        + "' is not a region name; use 1-63 characters of a-z, 0-9, '-', '_', '.' (e.g. us-east)");
            }
            if (url == null || !url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("--db " + region + "=" + url
                        + ": not a PostgreSQL JDBC URL; expected jdbc:postgresql://HOST:PORT/DATABASE");
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            try {
                ds.setUrl(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--db " + region + ": cannot parse '" + url + "': " + e.getMessage()
                                + "; expected jdbc:postgresql://HOST:PORT/DATABASE",
                        e);
            }
            if (ds.getUser() == null) {
                ds.setUser(user);
            }
            if (ds.getPassword() == null && env.get(PASSWORD_ENV) != null) {
                ds.setPassword(env.get(PASSWORD_ENV));
            }
            regions.add(new RegionDatabase(region, ds));
        });
        return regions;
    }

    /** Whether {@code e} says a database could not be reached or refused the login (not a failure of the work). */
    static boolean unreachable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("28") || state.startsWith("3D");
    }

    /**
     * Opens and closes one connection per region, so an unreachable database is named before any
     * work starts.
     *
     * @throws SQLException whose message names the region
     */
    static void checkReachable(List<RegionDatabase> regions) throws SQLException {
        for (RegionDatabase region : regions) {
            try (Connection c = region.dataSource().getConnection()) {
                c.isValid(5);
            } catch (SQLException e) {
                throw new SQLException(
                        "cannot reach the database of region " + region.region() + ": " + e.getMessage(),
                        e.getSQLState(),
                        e);
            }
        }
    }
}
