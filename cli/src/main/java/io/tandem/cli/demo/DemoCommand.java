package io.tandem.cli.demo;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.tandem.cli.ExitCodes;
import io.tandem.cli.operate.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem demo}: three regions on this machine, a mixed workload, a planned switchover, a
 * region crash with failover, its return, a verification and a summary whose last line is {@code
 * demo result=ok|fail regions=N divergence=N conflicts=N switchover_pause_ms=N failover_ms=N}.
 */
@Command(
        name = "demo",
        description = "Run Tandem on this machine: N regions (PostgreSQL, Kafka and a daemon each, a ZooKeeper"
                + " ensemble), a workload, a planned switchover, a region crash and failover, verify, and a summary.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--regions",
            defaultValue = "3",
            description = "How many regions, 2 to 5 (default ${DEFAULT-VALUE}).")
    int regions;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long the workload runs, e.g. 30s or 2m (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "300",
            description = "Writes per second the workload aims for (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--keep", description = "Leave everything running after the summary, to explore; Ctrl-C stops it.")
    boolean keep;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Working directory (default: a new temporary one, removed at the end unless --keep).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        List<String> names = DemoTopology.regions(regions);
        if (duration.compareTo(Duration.ofSeconds(8)) < 0) {
            throw new IllegalArgumentException(
                    "--duration " + duration.toSeconds() + "s is too short; use at least 8s");
        }
        if (rate < 1 || rate > 20_000) {
            throw new IllegalArgumentException("--rate " + rate + " must be between 1 and 20000 writes per second");
        }
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory("tandem-demo-") : Files.createDirectories(dir);
        Files.createDirectories(work.resolve("logs"));
        logTo(work.resolve("logs").resolve("demo.log"));
        PrintWriter out = spec.commandLine().getOut();
        DemoRun run = new DemoRun(names, duration, rate, work, out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    out.println("\nstopping the demo...");
                    out.flush();
                    run.close();
                    finished.countDown();
                },
                "tandem-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean ok = false;
        try {
            DemoReport report = run.run();
            ok = report.ok();
            if (!ok) {
                out.println("logs and data kept in " + work + " (daemons: logs/<region>.log, servers: logs/demo.log)");
            }
            report.print(out);
            if (keep) {
                run.printExploreHints();
                finished.await();
            }
            return ok ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (RuntimeException | IOException e) {
            out.println("demo stopped: " + e.getMessage());
            out.println("logs and data kept in " + work + " (daemons: logs/<region>.log, servers: logs/demo.log)");
            out.printf(
                    "demo result=fail regions=%d divergence=-1 conflicts=-1 switchover_pause_ms=-1 failover_ms=-1%n",
                    names.size());
            return ExitCodes.FAILED;
        } finally {
            out.flush();
            run.close();
            if (finished.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            if (temporary && !keep && ok) {
                deleteQuietly(work);
            }
        }
    }

    /** The servers this JVM runs log to the demo's log file, so the terminal tells only the demo's story. */
    private static void logTo(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        context.putProperty("TANDEM_LOG_FILE", file.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(DemoCommand.class.getResource("/logback-demo.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure the demo's logging to " + file, e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
