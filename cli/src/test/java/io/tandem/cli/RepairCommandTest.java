package io.tandem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code tandem repair}'s argument errors: each named, exit 2, before any database is reached. */
class RepairCommandTest {
    private static final String US = "us-east=jdbc:postgresql://127.0.0.1:5432/app";
    private static final String EU = "eu-west=jdbc:postgresql://127.0.0.1:5433/app";

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anUnknownPreferredRegionIsNamedWithTheRegionsGiven() {
        Run run = run(
                "repair", "--table", "public.orders", "--key", "id", "--db", US, "--db", EU, "--prefer", "eu-north");

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(
                run.err().contains("--prefer eu-north: not one of the regions given with --db (us-east, eu-west)"),
                run.err());
    }

    @Test
    void aDbOptionWithoutRegionIsRefused() {
        Run run =
                run("repair", "--table", "public.orders", "--key", "id", "--db", "jdbc:postgresql://h/app", "--db", EU);

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("--db"), run.err());
        assertTrue(run.err().contains("KEY=VALUE"), run.err());
    }

    @Test
    void aDbOptionThatIsNotAPostgresUrlNamesTheRegionAndTheExpectedForm() {
        Run run = run("repair", "--table", "public.orders", "--key", "id", "--db", "us-east=mysql://h/app", "--db", EU);

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("--db us-east=mysql://h/app: not a PostgreSQL JDBC URL"), run.err());
        assertTrue(run.err().contains("jdbc:postgresql://HOST:PORT/DATABASE"), run.err());
    }

    @Test
    void aBadRegionNameIsRefused() {
        Run run = run(
                "repair",
                "--table",
                "public.orders",
                "--key",
                "id",
                "--db",
                "US_East=jdbc:postgresql://h/app",
                "--db",
                EU);

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("'US_East' is not a region name"), run.err());
    }

    @Test
    void oneRegionIsNotEnough() {
        Run run = run("repair", "--table", "public.orders", "--key", "id", "--db", US);

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("--db: give at least two regions"), run.err());
    }

    @Test
    void anUnqualifiedTableAndAnUnknownPolicyAreNamed() {
        Run table = run("repair", "--table", "orders", "--key", "id", "--db", US, "--db", EU);
        assertEquals(ExitCodes.USAGE, table.code());
        assertTrue(
                table.err().contains("--table/--key/--counters: table name 'orders' must be schema-qualified"),
                table.err());

        Run policy =
                run("repair", "--table", "public.orders", "--key", "id", "--db", US, "--db", EU, "--policy", "newest");
        assertEquals(ExitCodes.USAGE, policy.code());
        assertTrue(policy.err().contains("--policy newest:"), policy.err());
    }

    @Test
    void anUnreachableDatabaseIsNamedAndExitsUnavailable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Run run = run(
                "repair",
                "--table",
                "public.orders",
                "--key",
                "id",
                "--db",
                "us-east=jdbc:postgresql://127.0.0.1:" + closed + "/app?connectTimeout=2",
                "--db",
                "eu-west=jdbc:postgresql://127.0.0.1:" + closed + "/app?connectTimeout=2");

        assertEquals(ExitCodes.UNAVAILABLE, run.code(), run.err());
        assertTrue(run.err().contains("cannot reach the database of region us-east"), run.err());
    }

    @Test
    void helpListsTheOptions() {
        Run run = run("repair", "--help");

        assertEquals(ExitCodes.OK, run.code());
        for (String option : new String[] {"--table", "--key", "--db", "--prefer", "--dry-run", "--output"}) {
            assertTrue(run.out().contains(option), option + " in " + run.out());
        }
    }
}
