package io.tandem.chaos.check;

/** What one checker found: whether its invariant held, and a readable explanation either way. */
public record CheckResult(String checker, boolean passed, String explanation) {

    public static CheckResult pass(String checker, String explanation) {
        return new CheckResult(checker, true, explanation);
    }

    public static CheckResult fail(String checker, String explanation) {
        return new CheckResult(checker, false, explanation);
    }

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + checker + ": " + explanation;
    }
}
