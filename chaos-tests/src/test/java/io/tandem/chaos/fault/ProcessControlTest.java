package io.tandem.chaos.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stop, continue and kill a child process the test started; refuse a pid it did not start. */
class ProcessControlTest {

    private static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void stopsContinuesAndKillsAnAdoptedChild() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessControl control = new ProcessControl();
            control.adopt(child);
            assertEquals(1, control.send(Signal.STOP, child.pid()));
            await().atMost(Duration.ofSeconds(5)).until(() -> state(child.pid()) == 'T');
            assertEquals(1, control.send(Signal.CONT, child.pid()));
            await().atMost(Duration.ofSeconds(5)).until(() -> state(child.pid()) != 'T');
            assertEquals(1, control.send(Signal.KILL, child.pid()));
            assertTrue(child.waitFor(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(137, child.exitValue());
            assertEquals(0, control.send(Signal.KILL, child.pid()), "a dead process gets nothing");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aPidThatExitedSinceItWasListedDoesNotStopTheOthersFromGettingTheSignal() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        Process live = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessControl control = new ProcessControl();
            control.adopt(live);
            assertTrue(gone.waitFor(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, control.send(Signal.STOP, java.util.List.of(gone.pid(), live.pid())));
            await().atMost(Duration.ofSeconds(5)).until(() -> state(live.pid()) == 'T');
            assertEquals(1, control.send(Signal.CONT, java.util.List.of(gone.pid(), live.pid())));
            await().atMost(Duration.ofSeconds(5)).until(() -> state(live.pid()) != 'T');
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void refusesAPidItDidNotStart() {
        ProcessControl control = new ProcessControl();
        long self = ProcessHandle.current().pid();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> control.send(Signal.STOP, self));
        assertTrue(e.getMessage().contains("not started by this harness"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
