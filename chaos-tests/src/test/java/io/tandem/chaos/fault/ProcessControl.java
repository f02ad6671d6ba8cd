package io.tandem.chaos.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends signals to processes by pid with {@code kill}, only to processes this harness started:
 * each pid must be {@link #adopt adopted} first (a child process, or the postmaster of a database
 * the harness started) or be a descendant of an adopted process (the postmaster's backends). Anything else is refused, so a typo cannot freeze or
 * kill a stranger's process on a shared machine.
 */
public final class ProcessControl {
    private final Set<Long> adopted = ConcurrentHashMap.newKeySet();

    /** Allows signals to {@code pid}: a process this harness started. */
    public void adopt(long pid) {
        adopted.add(pid);
    }

    public void adopt(Process process) {
        adopt(process.pid());
    }

    /**
     * The postmaster of the PostgreSQL data directory {@code dataDir} (from {@code postmaster.pid})
     * followed by its current backends. The caller must have started that server.
     */
    public List<Long> postgresProcesses(Path dataDir) {
        long postmaster;
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            postmaster = Long.parseLong(lines.get(0).trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no readable postmaster.pid in " + dataDir + ": is PostgreSQL running?", e);
        }
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Adopted, or a descendant of a live adopted process (a postmaster's backends). */
    private boolean allowed(long pid) {
        if (adopted.contains(pid)) {
            return true;
        }
        return adopted.stream()
                .map(ProcessHandle::of)
                .flatMap(java.util.Optional::stream)
                .anyMatch(parent -> parent.descendants().anyMatch(d -> d.pid() == pid));
    }

    /** Sends {@code signal} to each live pid (all must be adopted); returns how many got it (gone ones do not). */
    public int send(Signal signal, List<Long> pids) {
        // A pid that has exited since it was listed is skipped, not refused: refusing it would leave the
        // others un-signalled (a PostgreSQL left frozen because one backend ended before SIGSTOP).
        pids = pids.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .toList();
        for (long pid : pids) {
            if (!allowed(pid) && alive(pid)) { // a backend may exit between the listing and this check
                throw new IllegalArgumentException("pid " + pid + " was not started by this harness (adopt it first);"
                        + " refusing to send SIG" + signal);
            }
        }
        int sent = 0;
        for (long pid : pids) {
            if (allowed(pid) && kill(signal, pid)) {
                sent++;
            }
        }
        return sent;
    }

    public int send(Signal signal, long pid) {
        return send(signal, List.of(pid));
    }

    private static boolean kill(Signal signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal.flag(), Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill " + signal.flag() + " " + pid + " did not return within 5 s");
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill " + signal.flag() + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }
}
