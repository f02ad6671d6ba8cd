-- Tandem's own schema, version 2: what changed since version 1. SchemaBootstrap runs the scripts of
-- every version above the installed one, in order, inside its transaction; every statement is
-- idempotent, so an interrupted bootstrap can simply run again.

-- One row per row repaired by `tandem repair`, written in the region where the repair's write was
-- made, in the same transaction as that write (the repair is then replicated like any local write).
CREATE TABLE IF NOT EXISTS tandem.repair_log (
    id bigserial PRIMARY KEY,
    table_name text NOT NULL,
    pk jsonb NOT NULL,
    differing_regions text[] NOT NULL,
    basis text NOT NULL,
    decided_source text NOT NULL,
    written_in text NOT NULL,
    deleted boolean NOT NULL,
    old_versions jsonb NOT NULL,
    new_vv jsonb NOT NULL,
    repaired_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS repair_log_table_pk ON tandem.repair_log (table_name, pk);
