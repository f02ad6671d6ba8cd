package io.tandem.cli.daemon;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.cli.ExitCodes;
import io.tandem.cli.config.Config;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem daemon --config region.yaml}: runs one region until SIGTERM or SIGINT, then shuts
 * down gracefully (in-flight apply batches commit or roll back whole; the database stays fenced).
 */
@Command(
        name = "daemon",
        description = "Run this region's daemon: capture, apply from every peer, ownership and fencing, the"
                + " controller, metrics and the status page. Stops cleanly on SIGTERM.")
public final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The region's YAML file.")
    Path file;

    @Override
    public Integer call() throws InterruptedException {
        Config config;
        try {
            config = new ConfigLoader(DaemonSettings.CATALOG, System::getenv).load(file);
        } catch (ConfigException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p.describe()));
            return ExitCodes.BAD_CONFIG;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RegionDaemon daemon;
        try {
            daemon = RegionDaemon.of(config, System::getenv, registry, Clock.systemUTC());
        } catch (ConfigException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p.describe()));
            return ExitCodes.BAD_CONFIG;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(file + ": " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    daemon.close();
                    stopped.countDown();
                },
                "tandem-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            daemon.start();
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("tandem daemon: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        spec.commandLine()
                .getOut()
                .println("tandem daemon " + daemon.region() + " running; status page http://"
                        + config.get(DaemonSettings.HTTP_BIND) + ":" + daemon.httpPort() + "/");
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
