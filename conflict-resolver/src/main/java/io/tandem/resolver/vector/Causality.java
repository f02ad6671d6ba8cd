package io.tandem.resolver.vector;

/** How one version vector relates to another, read as "this is ... other". */
public enum Causality {
    /** This happened before the other: the other has seen everything this has. */
    BEFORE {
        @Override
        public Causality inverse() {
            return AFTER;
        }
    },
    /** This happened after the other: it has seen everything the other has, and more. */
    AFTER {
        @Override
        public Causality inverse() {
            return BEFORE;
        }
    },
    /** Both have seen exactly the same writes. */
    EQUAL {
        @Override
        public Causality inverse() {
            return EQUAL;
        }
    },
    /** Each has seen a write the other has not: a conflict. */
    CONCURRENT {
        @Override
        public Causality inverse() {
            return CONCURRENT;
        }
    };

    /** The relation seen from the other side. */
    public abstract Causality inverse();

    /** True for {@link #BEFORE} and {@link #EQUAL}: the other side already covers this one. */
    public boolean isCoveredByOther() {
        return this == BEFORE || this == EQUAL;
    }
}
