-- Tandem's own tables, exactly as the shared conventions define them. Tests create them until the
-- capture side's schema bootstrap lands on this branch.
CREATE SCHEMA IF NOT EXISTS tandem;
CREATE TABLE IF NOT EXISTS tandem.tombstones (
    table_name text NOT NULL,
    pk jsonb NOT NULL,
    tandem_vv jsonb NOT NULL,
    tandem_hlc bigint NOT NULL,
    tandem_origin text NOT NULL,
    tandem_meta jsonb,
    tandem_applied_from text,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_name, pk));
CREATE TABLE IF NOT EXISTS tandem.conflict_log (
    id bigserial PRIMARY KEY,
    table_name text NOT NULL,
    pk jsonb NOT NULL,
    local_version jsonb,
    incoming_version jsonb,
    policy text NOT NULL,
    winner text NOT NULL,
    source_region text NOT NULL,
    resolved_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS tandem.dead_letter (
    id bigserial PRIMARY KEY,
    source_region text NOT NULL,
    topic text NOT NULL,
    kafka_partition int NOT NULL,
    kafka_offset bigint NOT NULL,
    table_name text,
    pk jsonb,
    payload bytea,
    reason text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS tandem.apply_position (
    source_region text NOT NULL,
    kafka_partition int NOT NULL,
    next_offset bigint NOT NULL,
    applied_lsn bigint,
    applied_commit_ts timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_region, kafka_partition));
CREATE TABLE IF NOT EXISTS tandem.parked_changes (
    id bigserial PRIMARY KEY,
    source_region text NOT NULL,
    table_name text NOT NULL,
    kafka_offset bigint NOT NULL,
    payload bytea NOT NULL,
    reason text NOT NULL,
    parked_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS tandem.heartbeat (
    region text PRIMARY KEY,
    beat bigint NOT NULL,
    beat_at timestamptz NOT NULL);
