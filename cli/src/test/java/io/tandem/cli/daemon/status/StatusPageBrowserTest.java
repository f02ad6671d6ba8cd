package io.tandem.cli.daemon.status;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the status page in headless Chromium (Debian's package, installed by .ci/run) and checks
 * what a person sees after the page's scripts ran, including that it refreshes by itself.
 */
class StatusPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path profile;

    @Test
    void personSeesOwnershipLagConflictsAndFreshData() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM),
                "chromium is not installed (apt-get install chromium); .ci/run installs it");
        AtomicInteger calls = new AtomicInteger();
        // The first answer shows epoch 7; every later one epoch 8, so the DOM shows 8 only if the page refreshed.
        try (StatusServer server = new StatusServer(
                () -> Snapshots.usEast(calls.incrementAndGet() == 1 ? 7 : 8, 1500), HealthCheck::healthy, () -> "")) {
            int port = server.start("127.0.0.1", 0);
            String dom = dumpDom("http://127.0.0.1:" + port + "/");
            for (String expected : List.of(
                    "region <span id=\"region\">us-east</span>",
                    "<td>orders-a</td><td>us-east</td><td>epoch 8</td><td class=\"ok\">ACTIVE</td>",
                    "<td class=\"warn\">DRAINING</td>",
                    "<td>eu-west → us-east</td><td>1.5 s</td>",
                    "<td>public.carts</td>",
                    "switchover to us-east done",
                    "<td class=\"bad\">UNHEALTHY</td>",
                    "<td>check-0000000001</td><td class=\"bad\">DIFFERS</td><td>differs: public.carts",
                    "<td>check-0000000000</td><td class=\"ok\">CONSISTENT</td>")) {
                assertTrue(dom.contains(expected), "status page lacks '" + expected + "'; page was:\n" + dom);
            }
            assertTrue(calls.get() >= 2, "the page fetched /api/status only " + calls.get() + " time(s)");
        }
    }

    private String dumpDom(String url) throws IOException, InterruptedException {
        Path out = profile.resolve("dom.html");
        Process chromium = new ProcessBuilder(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile.resolve("chromium"),
                        "--virtual-time-budget=5000",
                        "--dump-dom",
                        url)
                .redirectOutput(out.toFile())
                .redirectError(profile.resolve("chromium.log").toFile())
                .start();
        try {
            if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within 90 s");
            }
        } finally {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
