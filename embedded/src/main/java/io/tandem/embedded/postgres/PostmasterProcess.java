package io.tandem.embedded.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The running postmaster of a data directory, found through {@code postmaster.pid}. */
record PostmasterProcess(long pid) {
    private static final long EXIT_TIMEOUT_S = 10;

    static PostmasterProcess of(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return new PostmasterProcess(Long.parseLong(lines.get(0).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("no readable " + pidFile + ": is PostgreSQL running there?", e);
        }
    }

    /** SIGKILLs the postmaster and all its children and waits, bounded, until they are gone. */
    void kill(String server) {
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(server + ": postmaster " + pid + " is not running"));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(EXIT_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        server + ": interrupted while waiting for process " + process.pid() + " to die", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        server + ": process " + process.pid() + " still alive " + EXIT_TIMEOUT_S + " s after SIGKILL",
                        e);
            }
        }
    }
}
