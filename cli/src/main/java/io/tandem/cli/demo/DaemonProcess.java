package io.tandem.cli.demo;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One region's daemon as a child JVM ({@code tandem daemon --config FILE}), started from this JVM's
 * own class path, with its output in a log file. Ended only by its own process id: {@link #kill()}
 * is SIGKILL (a crash), {@link #stop()} SIGTERM then SIGKILL after a grace period.
 */
final class DaemonProcess implements AutoCloseable {
    private static final Pattern STATUS_PAGE = Pattern.compile("status page (http://\\S+/)");
    private static final Duration GRACE = Duration.ofSeconds(20);

    private final String region;
    private final Path config;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private String statusPage;
    private long logOffset; // where this start's output begins in the (appended) log

    DaemonProcess(String region, Path config, Path log) {
        this.region = region;
        this.config = config;
        this.log = log;
    }

    String region() {
        return region;
    }

    /** Starts the daemon; returns at once (see {@link #awaitHealthy}). */
    void start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("tandem.demo.classpath", System.getProperty("java.class.path")));
        command.add("io.tandem.cli.TandemCommand");
        command.add("daemon");
        command.add("--config");
        command.add(config.toString());
        statusPage = null;
        logOffset = Files.exists(log) ? Files.size(log) : 0;
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * Waits until the daemon answers 200 on /healthz.
     *
     * @throws IllegalStateException naming the log file when it exits or is not healthy in time
     */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the daemon of " + region + " exited with code " + process.exitValue() + "; see " + log);
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

    /** The daemon's status page URL, once it has printed it. */
    Optional<String> statusPage() {
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

    /** GET a path of the daemon's HTTP endpoint, or empty when it does not answer. */
    Optional<String> get(String path) {
        Optional<String> page = statusPage();
        if (page.isEmpty() || process == null || !process.isAlive()) {
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

    /** SIGKILL, as a crash would; waits until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The exit code of the last run (after it ended). */
    int exitValue() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM (the daemon shuts down gracefully), then SIGKILL if it has not exited within 20 s. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
