-- Tandem write fencing: the PostgreSQL side of shard-group ownership. Idempotent; run by
-- io.tandem.controller.fence.FenceSchema#bootstrap under an advisory lock.
CREATE SCHEMA IF NOT EXISTS tandem;

-- The region this database belongs to (exactly one row), and whether it fenced itself.
CREATE TABLE IF NOT EXISTS tandem.local_region (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    region       text NOT NULL,
    fenced       boolean NOT NULL DEFAULT false,
    fence_reason text,
    fenced_at    timestamptz
);

-- The daemon's lease on local writes: renewed while its ZooKeeper session is known to be alive.
-- A daemon that is frozen (SIGSTOP, a long GC pause) or cut off stops renewing, and the database
-- refuses local writes on its own once the lease has passed. NULL: no lease yet (no daemon has run).
ALTER TABLE tandem.local_region ADD COLUMN IF NOT EXISTS lease_until timestamptz;

-- Tandem's view of ownership, kept in step with ZooKeeper by the region's daemon.
CREATE TABLE IF NOT EXISTS tandem.group_ownership (
    group_name   text PRIMARY KEY,
    owner_region text NOT NULL,
    epoch        bigint NOT NULL CHECK (epoch >= 1),
    state        text NOT NULL CHECK (state IN ('ACTIVE', 'DRAINING')),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Owned tables: which column is the shard key and how many shards the table has.
CREATE TABLE IF NOT EXISTS tandem.owned_tables (
    table_name regclass PRIMARY KEY,
    shard_key  text NOT NULL,
    shards     int NOT NULL CHECK (shards > 0)
);

-- (table, shard) -> shard group.
CREATE TABLE IF NOT EXISTS tandem.shard_groups (
    table_name regclass NOT NULL REFERENCES tandem.owned_tables (table_name) ON DELETE CASCADE,
    shard      int NOT NULL CHECK (shard >= 0),
    group_name text NOT NULL,
    PRIMARY KEY (table_name, shard)
);

-- First 4 bytes of md5(utf8(key)) as an unsigned 32-bit integer, mod shards.
-- io.tandem.controller.fence.ShardHash computes the same value in Java.
CREATE OR REPLACE FUNCTION tandem.shard_of(key text, shards int) RETURNS int
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
BEGIN
    IF shards < 1 THEN
        RAISE EXCEPTION 'tandem.shard_of: shards must be >= 1, got %', shards;
    END IF;
    RETURN (('x' || substr(md5(convert_to(key, 'UTF8')), 1, 8))::bit(32)::bigint % shards)::int;
END
$fn$;

-- BEFORE INSERT/UPDATE/DELETE on an owned table: reject a local write unless this region owns the
-- row's group, the group is ACTIVE, and the region has not fenced itself. Replicated writes (the
-- applier runs SET LOCAL tandem.apply = 'on') pass. The group row is read FOR SHARE so that an
-- ownership change waits for writes already checked to commit: once the fence commits, no write
-- admitted under the old ownership is still in flight.
CREATE OR REPLACE FUNCTION tandem.fence_write() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    cfg   tandem.owned_tables%ROWTYPE;
    loc   tandem.local_region%ROWTYPE;
    own   tandem.group_ownership%ROWTYPE;
    keys  text[] := ARRAY[]::text[];
    k     text;
    grp   text;
BEGIN
    IF current_setting('tandem.apply', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    SELECT * INTO cfg FROM tandem.owned_tables WHERE table_name = TG_RELID::regclass;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'TD001',
            MESSAGE = format('tandem: %s on %s rejected: the table has the fence trigger but no row in tandem.owned_tables',
                             TG_OP, TG_RELID::regclass),
            HINT = 'Install the fence for this table again (FenceSchema.fenceTable).';
    END IF;
    SELECT * INTO loc FROM tandem.local_region;
    IF TG_OP <> 'DELETE' THEN
        keys := keys || (to_jsonb(NEW) ->> cfg.shard_key);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        keys := keys || (to_jsonb(OLD) ->> cfg.shard_key);
    END IF;
    FOREACH k IN ARRAY keys LOOP
        IF k IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'TD001',
                MESSAGE = format('tandem: %s on %s rejected: shard key column %s is null', TG_OP, TG_RELID::regclass, cfg.shard_key),
                HINT = 'Every row of an owned table needs a shard key.';
        END IF;
        SELECT group_name INTO grp FROM tandem.shard_groups
         WHERE table_name = cfg.table_name AND shard = tandem.shard_of(k, cfg.shards);
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'TD001',
                MESSAGE = format('tandem: %s on %s rejected: shard %s of key %L maps to no group',
                                 TG_OP, TG_RELID::regclass, tandem.shard_of(k, cfg.shards), k),
                HINT = 'Map every shard of the table to a group (FenceSchema.mapShards).';
        END IF;
        SELECT * INTO own FROM tandem.group_ownership WHERE group_name = grp FOR SHARE;
        IF NOT FOUND OR loc.fenced OR own.owner_region IS DISTINCT FROM loc.region OR own.state <> 'ACTIVE' THEN
            RAISE EXCEPTION USING ERRCODE = 'TD001',
                MESSAGE = format('tandem: %s on %s rejected: group %s is owned by %s at epoch %s (state %s); local region is %s%s',
                                 TG_OP, TG_RELID::regclass, grp,
                                 coalesce(own.owner_region, 'no known region'), coalesce(own.epoch::text, 'none'),
                                 coalesce(own.state, 'unknown'), coalesce(loc.region, 'not set'),
                                 CASE WHEN loc.fenced THEN ', which fenced itself: ' || coalesce(loc.fence_reason, '') ELSE '' END),
                HINT = format('Send writes for group %s to its owner region; ask the router for the current owner.', grp);
        END IF;
    END LOOP;
    -- Checked last, so that a write for a group owned elsewhere is told who owns it.
    IF loc.lease_until IS NOT NULL AND clock_timestamp() >= loc.lease_until THEN
        RAISE EXCEPTION USING ERRCODE = 'TD001',
            MESSAGE = format('tandem: %s on %s rejected: the write lease of region %s expired at %s; its daemon has not'
                             ' renewed it (stopped, paused or cut off from ZooKeeper)',
                             TG_OP, TG_RELID::regclass, loc.region, loc.lease_until),
            HINT = 'Check the region''s Tandem daemon; ask the router for the current owner of the group.';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;

-- TRUNCATE skips row triggers: refuse it on owned tables unless replicated.
CREATE OR REPLACE FUNCTION tandem.fence_truncate() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF current_setting('tandem.apply', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION USING ERRCODE = 'TD001',
            MESSAGE = format('tandem: TRUNCATE on %s rejected: owned tables are emptied by deletes of their owner', TG_RELID::regclass),
            HINT = 'Delete rows per group in the owner region instead.';
    END IF;
    RETURN NULL;
END
$fn$;
