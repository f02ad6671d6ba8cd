package io.tandem.resolver.simulation;

/** Seeds for randomized tests: {@code -Dresolver.seed=N} fixes the first case's seed. */
final class Seeds {

    private Seeds() {}

    static long base() {
        Long fixed = Long.getLong("resolver.seed");
        return fixed != null ? fixed : new java.util.SplittableRandom().nextLong(1L << 48);
    }

    static String rerun(String what, long seed) {
        return what + " failed for seed " + seed + " (re-run just this case with -Dresolver.seed=" + seed
                + " -Dresolver.cases=1)";
    }
}
