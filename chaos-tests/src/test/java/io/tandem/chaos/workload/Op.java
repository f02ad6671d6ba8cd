package io.tandem.chaos.workload;

/** The kinds of write the workload makes. */
public enum Op {
    INSERT,
    UPDATE,
    DELETE,
    /** A counter increment on the multi-writer table ({@code qty = qty + delta}). */
    INCREMENT
}
