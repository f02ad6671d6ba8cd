package io.tandem.cli.daemon;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One region's daemon as a child JVM ({@code tandem daemon --config FILE}) on this JVM's own class
 * path: what {@code tandem demo} and the chaos harness start. The child reads nothing (its standard
 * input is {@code /dev/null}) and writes only to its log file, so it can never take bytes from, or
 * mix bytes into, the streams of the process that launched it (a test runner talks to its forked
 * JVM over those). It is ended only by its own process id: {@link #kill()} is SIGKILL (a crash),
 * {@link #stop()} SIGTERM then SIGKILL after a grace period. One start at a time: {@link #start()}
 * again after the process has ended starts a new one, appending to the same log.
 */
public final class DaemonLauncher implements AutoCloseable {
    private static final Pattern STATUS_PAGE = Pattern.compile("status page (https?://\\S+/)");
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final File NO_INPUT = new File("/dev/null");

    /** The child JVM's options, each profile with the flags it needs. */
    public enum Jvm {
        /** A daemon meant to run a while: a 512 MB heap, the serial collector (a daemon needs no more). */
        STANDARD(List.of("-Xmx512m", "-XX:+UseSerialGC")),
        /**
         * A daemon restarted often on a shared machine (tests): a smaller heap, the serial collector,
         * the C1 compiler only (less compile work at start-up, slower peak code) and the JDK's class-data archive.
         */
        QUICK_START(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));

        private final List<String> options;

        Jvm(List<String> options) {
            this.options = options;
        }

        public List<String> options() {
            return options;
        }
    }

    private final String region;
    private final Path config;
    private final Path log;
    private final Jvm jvm;
    private final String classPath;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Map<String, String> environment = Map.of();
    private Process process;
    private String statusPage;
    private long logOffset; // where this start's output begins in the (appended) log

    /**
     * A launcher for {@code region}'s daemon reading {@code config}, its output appended to {@code log};
     * the class path is this JVM's ({@code tandem.demo.classpath} when set, as the demo's launcher script does).
     */
    public DaemonLauncher(String region, Path config, Path log, Jvm jvm) {
        this.region = region;
        this.config = config;
        this.log = log;
        this.jvm = jvm;
        this.classPath = System.getProperty("tandem.demo.classpath", System.getProperty("java.class.path"));
    }

    public String region() {
        return region;
    }

    public Path log() {
        return log;
    }

    /** Extra environment variables for the next {@link #start()} (e.g. libfaketime's); empty for none. */
    public void environment(Map<String, String> variables) {
        this.environment = Map.copyOf(variables);
    }

    /** The command line of the child JVM. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvm.options());
        command.add("-cp");
        command.add(classPath);
        command.add("io.tandem.cli.TandemCommand");
        command.add("daemon");
        command.add("--config");
        command.add(config.toString());
        return command;
    }

    /**
     * Starts the daemon and returns at once (see {@link #awaitHealthy}).
     *
     * @throws IllegalStateException if the previous start is still running
     */
    public synchronized Process start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the daemon of " + region + " is still running as pid " + process.pid()
                    + "; kill or stop it first");
        }
        statusPage = null;
        logOffset = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(command())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        return process;
    }

    /**
     * Waits until the daemon answers 200 on /healthz.
     *
     * @throws IllegalStateException naming the log file when it exits or is not healthy in time
     */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        Process current = current();
        while (System.nanoTime() < deadline) {
            if (!current.isAlive()) {
                throw new IllegalStateException(
                        "the daemon of " + region + " exited with code " + current.exitValue() + "; see " + log);
            }
            Optional<String> page = statusPage();
            if (page.isPresent()) {
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create(page.get() + "healthz"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                    last = r.body().strip();
                } catch (IOException e) {
                    last = e.toString();
                }
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("the daemon of " + region + " was not healthy within " + timeout.toSeconds()
                + " s (" + last + "); see " + log);
    }

    private synchronized Process current() {
        if (process == null) {
            throw new IllegalStateException("the daemon of " + region + " was never started");
        }
        return process;
    }

    /** The daemon's status page URL, once this start has printed it. */
    public synchronized Optional<String> statusPage() {
        if (statusPage == null) {
            try {
                String output = Files.readString(log);
                Matcher m = STATUS_PAGE.matcher(output.substring((int) Math.min(logOffset, output.length())));
                statusPage = m.find() ? m.group(1) : null; // this start's page, not an earlier one's
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(statusPage);
    }

    /** GET a path of the daemon's HTTP endpoint, or empty when it does not answer 200. */
    public Optional<String> get(String path) {
        Optional<String> page = statusPage();
        if (page.isEmpty() || !isAlive()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(page.get() + path))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The running (or last) process's id; empty before the first start. */
    public synchronized Optional<Long> pid() {
        return Optional.ofNullable(process).map(Process::pid);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The exit code of the last run (after it ended). */
    public synchronized int exitValue() {
        return current().exitValue();
    }

    /**
     * SIGKILL, as a crash would; waits until the process is gone.
     *
     * @throws IllegalStateException if it is still alive 30 s later (a stopped process dies on SIGKILL too)
     */
    public void kill() throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "the daemon of " + region + " (pid " + p.pid() + ") is alive 30 s after SIGKILL");
            }
        }
    }

    /** SIGTERM (the daemon shuts down gracefully), then SIGKILL if it has not exited within 20 s. */
    public void stop() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
