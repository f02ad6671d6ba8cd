package io.tandem.chaos.check;

/** One invariant of the specification, checked after faults healed and writes stopped. */
public interface Checker {

    /** The invariant's name, as the specification words it. */
    String name();

    CheckResult check(CheckContext context) throws Exception;
}
