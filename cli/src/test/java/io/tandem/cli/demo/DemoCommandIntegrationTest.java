package io.tandem.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, end to end: {@code tandem demo} as its own process (which starts three
 * daemon processes and real servers), a short run, and its summary line with divergence 0 and exit
 * code 0. Bounded at 12 minutes; the process is ended by its id if it overruns.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
class DemoCommandIntegrationTest {

    @Test
    void theDemoReachesItsSummaryWithNoDivergenceAndExitsZero(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("demo.out");
        Process demo = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx768m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.tandem.cli.TandemCommand",
                        "demo",
                        "--regions",
                        "3",
                        "--duration",
                        "20s",
                        "--rate",
                        "100",
                        "--dir",
                        dir.resolve("work").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = demo.waitFor(12, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroy();
            demo.waitFor(30, TimeUnit.SECONDS);
            demo.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(output);
        String text = String.join("\n", lines);
        assertTrue(finished, "the demo did not finish within 12 minutes:\n" + text);
        String last = lines.get(lines.size() - 1);
        assertTrue(
                last.matches(
                        "demo result=ok regions=3 divergence=0 conflicts=\\d+ switchover_pause_ms=\\d+ failover_ms=\\d+"),
                "last line: " + last + "\n" + text);
        assertEquals(0, demo.exitValue(), text);
        assertTrue(text.contains("acknowledged orders lost           0"), text);
    }
}
