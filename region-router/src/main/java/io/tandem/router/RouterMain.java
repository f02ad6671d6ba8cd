package io.tandem.router;

import io.tandem.router.log.LogContext;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java io.tandem.router.RouterMain router.json}: runs a router until the JVM is stopped. A
 * missing or invalid config file is reported on stderr (naming the file and the setting) and the
 * process exits with status 2.
 */
public final class RouterMain {

    private static final Logger log = LoggerFactory.getLogger(RouterMain.class);

    /** Exit status for a usage or config error. */
    public static final int BAD_CONFIG = 2;

    private RouterMain() {}

    public static void main(String[] args) throws InterruptedException {
        Optional<StandaloneRouter> started = launch(args, System.err);
        if (started.isEmpty()) {
            System.exit(BAD_CONFIG);
            return;
        }
        StandaloneRouter router = started.get();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            router.close();
                            stopped.countDown();
                        },
                        "router-shutdown"));
        stopped.await();
    }

    /**
     * Reads the config named by {@code args} and starts the router. A usage or config error is printed
     * to {@code err} and gives an empty result; anything else (a port in use, say) is thrown.
     */
    static Optional<StandaloneRouter> launch(String[] args, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: RouterMain CONFIG.json (format: region-router/README.md)");
            return Optional.empty();
        }
        RouterConfig config;
        try {
            config = RouterConfig.load(Path.of(args[0]));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("router not started: " + e.getMessage()
                    + " (fix the file; the format is in region-router/README.md)");
            return Optional.empty();
        }
        StandaloneRouter router = StandaloneRouter.start(config);
        try (LogContext.Scope s = new LogContext(config.region(), "router").enter()) {
            log.info(
                    "router serving gRPC on {}:{} and HTTP on port {}",
                    config.bind(),
                    router.router().grpcPort(),
                    config.httpPort() < 0 ? "none" : router.router().httpPort());
        }
        return Optional.of(router);
    }
}
