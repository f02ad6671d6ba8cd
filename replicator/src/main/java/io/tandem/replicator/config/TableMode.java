package io.tandem.replicator.config;

/** How writes to a replicated table are coordinated between regions. */
public enum TableMode {
    /** Any region may write any row; concurrent writes are resolved by the table's policy. */
    MULTI_WRITER {
        @Override
        public boolean fenced() {
            return false;
        }
    },
    /**
     * Rows belong to a shard group by their shard key; only the group's owner region accepts local
     * writes, enforced by a fencing trigger in each region's database.
     */
    OWNED {
        @Override
        public boolean fenced() {
            return true;
        }
    };

    /** Whether local writes to a table in this mode pass through the ownership fence. */
    public abstract boolean fenced();

    /** Parses the configuration spelling ({@code multi-writer} or {@code owned}). */
    public static TableMode parse(String text) {
        for (TableMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown table mode '" + text + "'; expected multi-writer or owned");
    }

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
