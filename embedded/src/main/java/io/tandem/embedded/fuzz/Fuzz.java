package io.tandem.embedded.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A seeded, time-bounded mutation fuzzer for parsers, for CI. It feeds a target inputs made by
 * stacking random mutations (bit flips, interesting bytes, deletions, duplications, splices between
 * seeds, truncations, JSON/YAML tokens such as huge numbers, deep nesting and long strings) onto
 * valid seed inputs. The target throws only for a bug: it catches its documented "malformed input"
 * exception itself. A failure names the target, the seed and the input; a target call that does
 * not return within the hang limit fails as a hang.
 *
 * <p>{@code -Dfuzz.seconds=N} sets the time per target (default given by the test),
 * {@code -Dfuzz.seed=S} replays a run. The seed is printed at the start.
 */
public final class Fuzz {

    /** How long one input may take before the run fails as a hang. */
    public static final Duration HANG_LIMIT = Duration.ofSeconds(10);

    private static final String[] TOKENS = {
        "null",
        "true",
        "false",
        "-1",
        "0",
        "-0",
        "1e309",
        "-1e309",
        "9223372036854775808",
        "-9223372036854775809",
        "1.7976931348623157E309",
        "NaN",
        "\"\"",
        "[]",
        "{}",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "\u00ff",
        "\u20ac",
        "\uffff",
        "~",
        "&a",
        "*a",
        "!!binary",
        "---",
        "? ",
        ": ",
        "- ",
        "\t",
        "\r\n",
        "#",
        "'",
        "\"",
        "\\",
        "{\"a\":",
        "[1,",
        ",",
        ":",
        "<",
        "%",
        "@"
    };

    private Fuzz() {}

    /** Something that parses one input and throws only for a bug. */
    @FunctionalInterface
    public interface Target {
        void accept(byte[] input) throws Exception;
    }

    /** What a run did. */
    public record Result(String target, long seed, long inputs, Duration took) {
        @Override
        public String toString() {
            return "fuzz " + target + ": " + inputs + " inputs in " + took.toMillis() + " ms, seed " + seed;
        }
    }

    /**
     * Runs {@code target} on mutations of {@code seeds} for the configured time.
     *
     * @throws AssertionError naming the seed and the input when the target throws or hangs
     */
    public static Result run(String name, Duration defaultTime, List<byte[]> seeds, Target target) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("fuzz " + name + " needs at least one seed input");
        }
        Duration time = Duration.ofSeconds(Long.getLong("fuzz.seconds", defaultTime.toSeconds()));
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("fuzz " + name + ": seed " + seed + " for " + time.toSeconds()
                + " s (replay with -Dfuzz.seed=" + seed + ")");
        AtomicReference<byte[]> current = new AtomicReference<>();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        try {
            Future<Long> run = runner.submit(() -> loop(seeds, target, seed, time, current));
            long inputs = run.get(time.plus(HANG_LIMIT).toMillis(), TimeUnit.MILLISECONDS);
            Result result = new Result(name, seed, inputs, Duration.ofNanos(System.nanoTime() - started));
            System.out.println(result);
            return result;
        } catch (TimeoutException e) {
            throw new AssertionError("fuzz " + name + " (seed " + seed + "): an input took over "
                    + HANG_LIMIT.toSeconds() + " s (hang): " + show(current.get()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new AssertionError(
                    "fuzz " + name + " (seed " + seed + "): " + cause + " on input " + show(current.get()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("fuzz " + name + " interrupted", e);
        } finally {
            runner.shutdownNow();
        }
    }

    private static long loop(
            List<byte[]> seeds, Target target, long seed, Duration time, AtomicReference<byte[]> current)
            throws Exception {
        Random random = new Random(seed);
        long deadline = System.nanoTime() + time.toNanos();
        long inputs = 0;
        for (byte[] s : seeds) { // the seeds themselves first: they must parse
            current.set(s);
            target.accept(s);
            inputs++;
        }
        while (System.nanoTime() < deadline && inputs < 50_000_000L) {
            byte[] input = mutate(random, seeds);
            current.set(input);
            target.accept(input);
            inputs++;
        }
        return inputs;
    }

    /** One to five stacked mutations of a random seed. */
    static byte[] mutate(Random r, List<byte[]> seeds) {
        byte[] data = seeds.get(r.nextInt(seeds.size())).clone();
        int rounds = 1 + r.nextInt(5);
        for (int i = 0; i < rounds; i++) {
            data = once(r, data, seeds);
        }
        return data;
    }

    private static byte[] once(Random r, byte[] data, List<byte[]> seeds) {
        int n = data.length;
        int at = n == 0 ? 0 : r.nextInt(n);
        switch (r.nextInt(9)) {
            case 0 -> { // flip a bit
                if (n > 0) {
                    data[at] ^= (byte) (1 << r.nextInt(8));
                }
                return data;
            }
            case 1 -> { // an interesting byte
                if (n > 0) {
                    byte[] interesting = {
                        0, -1, '"', '{', '}', '[', ']', ':', ',', '\\', '\n', '-', '9', ' ', (byte) 0xc3
                    };
                    data[at] = interesting[r.nextInt(interesting.length)];
                }
                return data;
            }
            case 2 -> { // delete a range
                int len = n == 0 ? 0 : 1 + r.nextInt(Math.max(1, Math.min(32, n - at)));
                return splice(data, at, Math.min(n, at + len), new byte[0]);
            }
            case 3 -> { // duplicate a range
                int len = n == 0 ? 0 : 1 + r.nextInt(Math.max(1, Math.min(64, n - at)));
                byte[] piece = java.util.Arrays.copyOfRange(data, at, Math.min(n, at + len));
                return splice(data, at, at, piece);
            }
            case 4 -> { // splice in part of another seed
                byte[] other = seeds.get(r.nextInt(seeds.size()));
                if (other.length == 0) {
                    return data;
                }
                int from = r.nextInt(other.length);
                int to = from + r.nextInt(other.length - from + 1);
                return splice(
                        data,
                        at,
                        at + (n - at == 0 ? 0 : r.nextInt(n - at + 1)),
                        java.util.Arrays.copyOfRange(other, from, to));
            }
            case 5 -> { // truncate
                return java.util.Arrays.copyOf(data, at);
            }
            case 6 -> { // a token
                return splice(data, at, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 7 -> { // replace a token-sized piece with a token
                int end = Math.min(n, at + 1 + r.nextInt(8));
                return splice(data, at, end, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            }
            default -> { // now and then something large: deep nesting or a long string
                if (r.nextInt(4) != 0) {
                    return splice(data, at, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                }
                String big = r.nextBoolean()
                        ? "[".repeat(2000 + r.nextInt(3000))
                        : "\"" + "x".repeat(10_000 + r.nextInt(100_000)) + "\"";
                return splice(data, at, at, big.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] splice(byte[] data, int from, int to, byte[] insert) {
        byte[] out = new byte[data.length - (to - from) + insert.length];
        System.arraycopy(data, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(data, to, out, from + insert.length, data.length - to);
        return out;
    }

    private static String show(byte[] input) {
        if (input == null) {
            return "(none)";
        }
        String text = new String(input, StandardCharsets.UTF_8);
        String shown = text.length() > 600 ? text.substring(0, 600) + "… (" + input.length + " bytes)" : text;
        return "«" + shown.replace("\n", "\\n") + "»";
    }
}
