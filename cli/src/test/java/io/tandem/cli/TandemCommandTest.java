package io.tandem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TandemCommandTest {

    @Test
    void unknownSubcommandIsNamedInTheErrorAndExitsWithUsageCode() {
        var err = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("frobnicate");
        assertEquals(2, code);
        assertTrue(err.toString().contains("frobnicate"), err.toString());
    }

    @Test
    void noArgumentsPrintsUsage() {
        var out = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute());
        assertTrue(out.toString().contains("Usage: tandem"), out.toString());
    }
}
