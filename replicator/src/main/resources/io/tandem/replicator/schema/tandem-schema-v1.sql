-- Tandem's own schema, version 1. Every statement is idempotent (IF NOT EXISTS / OR REPLACE), so a
-- bootstrap interrupted half-way can simply run again. SchemaBootstrap runs this file inside one
-- transaction holding an advisory lock, and only when tandem.schema_version says it is needed.

CREATE SCHEMA IF NOT EXISTS tandem;

CREATE TABLE IF NOT EXISTS tandem.schema_version (
    component text PRIMARY KEY,
    version int,
    applied_at timestamptz
);

-- The region this database belongs to: exactly one row. The same definition as the failover
-- controller's fence bootstrap (it owns the fencing columns); keep the two identical.
CREATE TABLE IF NOT EXISTS tandem.local_region (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    region       text NOT NULL,
    fenced       boolean NOT NULL DEFAULT false,
    fence_reason text,
    fenced_at    timestamptz
);

CREATE TABLE IF NOT EXISTS tandem.tombstones (
    table_name text,
    pk jsonb,
    tandem_vv jsonb,
    tandem_hlc bigint,
    tandem_origin text,
    tandem_meta jsonb,
    tandem_applied_from text,
    deleted_at timestamptz DEFAULT now(),
    PRIMARY KEY (table_name, pk)
);
ALTER TABLE tandem.tombstones REPLICA IDENTITY FULL;

CREATE TABLE IF NOT EXISTS tandem.conflict_log (
    id bigserial PRIMARY KEY,
    table_name text,
    pk jsonb,
    local_version jsonb,
    incoming_version jsonb,
    policy text,
    winner text,
    source_region text,
    resolved_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tandem.dead_letter (
    id bigserial PRIMARY KEY,
    source_region text,
    topic text,
    kafka_partition int,
    kafka_offset bigint,
    table_name text,
    pk jsonb,
    payload bytea,
    reason text,
    created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tandem.apply_position (
    source_region text,
    kafka_partition int,
    next_offset bigint NOT NULL,
    applied_lsn bigint,
    applied_commit_ts timestamptz,
    updated_at timestamptz DEFAULT now(),
    PRIMARY KEY (source_region, kafka_partition)
);

CREATE TABLE IF NOT EXISTS tandem.parked_changes (
    id bigserial PRIMARY KEY,
    source_region text,
    table_name text,
    kafka_offset bigint,
    payload bytea,
    reason text,
    parked_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tandem.capture_offsets (
    id text PRIMARY KEY,
    offsets bytea,
    updated_at timestamptz
);

CREATE TABLE IF NOT EXISTS tandem.heartbeat (
    region text PRIMARY KEY,
    beat bigint,
    beat_at timestamptz
);

-- High-water of every HLC this database has issued or observed; its value IS the last HLC.
CREATE SEQUENCE IF NOT EXISTS tandem.hlc_high_water AS bigint MINVALUE 0 START 0;

CREATE OR REPLACE FUNCTION tandem.region() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r text;
    n int;
BEGIN
    SELECT min(region), count(*) INTO r, n FROM tandem.local_region;
    IF n <> 1 THEN
        RAISE EXCEPTION 'tandem.local_region must hold exactly one row (this database''s region), found %', n
            USING ERRCODE = 'TD100', HINT = 'run tandem init for this region';
    END IF;
    RETURN r;
END $$;

-- Raises the high-water to at least h and returns the value it holds afterwards. The session-level
-- advisory lock is held only for the two sequence calls, never for the writer's transaction; the
-- exception block releases it even when the statement is cancelled half-way, so a pooled session
-- can never keep it.
CREATE OR REPLACE FUNCTION tandem.hlc_observe(h bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v bigint;
BEGIN
    PERFORM pg_advisory_lock(7366726, 1);
    BEGIN
        v := greatest(h, nextval('tandem.hlc_high_water'));
        PERFORM setval('tandem.hlc_high_water', v);
    EXCEPTION WHEN query_canceled OR OTHERS THEN
        PERFORM pg_advisory_unlock(7366726, 1);
        RAISE;
    END;
    PERFORM pg_advisory_unlock(7366726, 1);
    RETURN v;
END $$;

-- A new HLC for a local write: greatest(wall ms << 16, previous HLC of the row + 1, high-water + 1).
CREATE OR REPLACE FUNCTION tandem.hlc_next(previous bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    SELECT tandem.hlc_observe(greatest(
        (floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) << 16,
        coalesce(previous, 0) + 1))
$$;

-- The version vector vv with region's counter incremented.
CREATE OR REPLACE FUNCTION tandem.vv_bump(vv jsonb, region text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(vv, '{}'::jsonb)
        || jsonb_build_object(region, coalesce((vv ->> region)::bigint, 0) + 1)
$$;

-- Element-wise maximum of two version vectors.
CREATE OR REPLACE FUNCTION tandem.vv_merge(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(k, m), '{}'::jsonb)
    FROM (SELECT k, max(v::bigint) AS m
          FROM (SELECT * FROM jsonb_each_text(coalesce(a, '{}'::jsonb))
                UNION ALL
                SELECT * FROM jsonb_each_text(coalesce(b, '{}'::jsonb))) AS e(k, v)
          GROUP BY k) AS g
$$;

-- The primary key of a row as a JSON object; the key columns are the trigger's arguments.
CREATE OR REPLACE FUNCTION tandem.pk_of(r jsonb, columns text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_object_agg(c, r -> c) FROM unnest(columns) AS c
$$;

CREATE OR REPLACE FUNCTION tandem.applying() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT current_setting('tandem.apply', true) IS NOT DISTINCT FROM 'on'
$$;

-- The greatest HLC in row metadata (its siblings and cells); 0 for NULL metadata.
CREATE OR REPLACE FUNCTION tandem.meta_max_hlc(meta jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(max(h), 0) FROM (
        SELECT (s ->> 'hlc')::bigint FROM jsonb_array_elements(coalesce(meta -> 'siblings', '[]'::jsonb)) AS s
        UNION ALL
        SELECT (c ->> 'hlc')::bigint FROM jsonb_each(coalesce(meta -> 'cells', '{}'::jsonb)) AS e(k, c)
    ) AS all_hlcs(h)
$$;

-- A column value as the scalar row metadata holds: objects and arrays (json, jsonb, array
-- columns) become their JSON text.
CREATE OR REPLACE FUNCTION tandem.meta_scalar(v jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(v) IN ('object', 'array') THEN to_jsonb(v #>> '{}') ELSE v END
$$;

-- Row metadata (tandem_meta, the conflict resolver's RowMetaJson) after a local write in region
-- `here`, mirroring io.tandem.resolver.LocalWrites: the write becomes the only sibling; changed
-- column-merge columns get a cell stamped (hlc, here); counter columns add their delta to here's
-- contribution. `cfg` is the trigger configuration {"pk":[..],"default":"row_winner"|"latest_write",
-- "counters":[..]}; `old_row` is the visible row before the write (NULL when there was none).
CREATE OR REPLACE FUNCTION tandem.meta_after_local_write(
    old_meta jsonb, old_row jsonb, new_row jsonb, deleted boolean, here text, hlc bigint, vv jsonb, cfg jsonb)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    cells jsonb := coalesce(old_meta -> 'cells', '{}'::jsonb);
    counters jsonb := coalesce(old_meta -> 'counters', '{}'::jsonb);
    image jsonb := '{}'::jsonb;
    col text;
    val jsonb;
    total bigint;
    delta bigint;
    mine jsonb;
BEGIN
    IF NOT deleted THEN
        FOR col, val IN SELECT key, value FROM jsonb_each(new_row) LOOP
            CONTINUE WHEN col IN ('tandem_vv', 'tandem_hlc', 'tandem_origin', 'tandem_meta', 'tandem_applied_from');
            IF cfg -> 'counters' ? col THEN
                SELECT coalesce(sum((c ->> 'inc')::bigint - (c ->> 'dec')::bigint), 0) INTO total
                    FROM jsonb_each(coalesce(counters -> col, '{}'::jsonb)) AS e(r, c);
                delta := coalesce((val #>> '{}')::numeric, 0)::bigint - total;
                IF delta <> 0 THEN
                    mine := coalesce(counters -> col -> here, '{"dec": 0, "inc": 0}'::jsonb);
                    IF delta > 0 THEN
                        mine := jsonb_set(mine, '{inc}', to_jsonb((mine ->> 'inc')::bigint + delta));
                    ELSE
                        mine := jsonb_set(mine, '{dec}', to_jsonb((mine ->> 'dec')::bigint - delta));
                    END IF;
                    counters := jsonb_set(counters, ARRAY[col],
                        coalesce(counters -> col, '{}'::jsonb) || jsonb_build_object(here, mine));
                END IF;
            ELSIF cfg ->> 'default' = 'latest_write' THEN
                IF old_row IS NULL OR NOT old_row ? col OR old_row -> col IS DISTINCT FROM val THEN
                    cells := cells || jsonb_build_object(col,
                        jsonb_build_object('hlc', hlc, 'origin', here, 'value', tandem.meta_scalar(val)));
                END IF;
            ELSE
                image := image || jsonb_build_object(col, tandem.meta_scalar(val));
            END IF;
        END LOOP;
    END IF;
    RETURN jsonb_build_object(
        'cells', cells,
        'counters', counters,
        'siblings', jsonb_build_array(jsonb_build_object(
            'deleted', deleted, 'hlc', hlc, 'origin', here, 'values', image, 'vv', vv)),
        'vv', vv);
END $$;

-- Writes (or replaces) the tombstone of a locally deleted row version: the delete is the row's only
-- sibling now (deleted = true); cells and counters are kept, as the resolver's LocalWrites does.
CREATE OR REPLACE FUNCTION tandem.write_local_tombstone(
    tbl text, key jsonb, old_vv jsonb, old_hlc bigint, old_meta jsonb, cfg jsonb)
RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    here text := tandem.region();
    existing record;
    vv jsonb;
    hlc bigint;
BEGIN
    SELECT t.tandem_vv, t.tandem_hlc, t.tandem_meta INTO existing
        FROM tandem.tombstones t WHERE t.table_name = tbl AND t.pk = key FOR UPDATE;
    IF FOUND THEN
        old_vv := tandem.vv_merge(old_vv, existing.tandem_vv);
        old_hlc := greatest(old_hlc, existing.tandem_hlc, tandem.meta_max_hlc(existing.tandem_meta));
    END IF;
    vv := tandem.vv_bump(tandem.vv_merge(old_vv, old_meta -> 'vv'), here);
    hlc := tandem.hlc_next(greatest(old_hlc, tandem.meta_max_hlc(old_meta)));
    INSERT INTO tandem.tombstones AS t
        (table_name, pk, tandem_vv, tandem_hlc, tandem_origin, tandem_meta, tandem_applied_from, deleted_at)
    VALUES (tbl, key, vv, hlc, here,
            tandem.meta_after_local_write(old_meta, NULL, NULL, true, here, hlc, vv, cfg), NULL, now())
    ON CONFLICT (table_name, pk) DO UPDATE SET
        tandem_vv = EXCLUDED.tandem_vv,
        tandem_hlc = EXCLUDED.tandem_hlc,
        tandem_origin = EXCLUDED.tandem_origin,
        tandem_meta = EXCLUDED.tandem_meta,
        tandem_applied_from = NULL,
        deleted_at = now();
END $$;

-- BEFORE INSERT OR UPDATE on a replicated table; its one argument is the table's configuration
-- {"pk":[..],"default":..,"counters":[..]}. For a local write it stamps the new version (vv, hlc,
-- origin, meta); for the applier (tandem.apply = on) it keeps what the applier set and only lets the
-- HLC high-water observe the remote clock.
CREATE OR REPLACE FUNCTION tandem.row_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- Nothing is computed here: an applier write returns before any per-row work.
    cfg jsonb;
    key_columns text[];
    here text;
    tbl text;
    new_key jsonb;
    old_key jsonb;
    base_vv jsonb := '{}'::jsonb;
    base_hlc bigint := 0;
    base_meta jsonb;
    old_row jsonb;
    tomb record;
BEGIN
    IF tandem.applying() THEN
        -- The applier sets the metadata itself and moves the HLC high-water past every applied
        -- version once per batch (ApplyPass), in this same transaction; doing it here per row cost
        -- about two thirds of the apply time.
        RETURN NEW;
    END IF;
    cfg := TG_ARGV[0]::jsonb;
    key_columns := ARRAY(SELECT jsonb_array_elements_text(cfg -> 'pk'));
    tbl := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
    here := tandem.region();
    new_key := tandem.pk_of(to_jsonb(NEW), key_columns);
    IF TG_OP = 'UPDATE' THEN
        old_key := tandem.pk_of(to_jsonb(OLD), key_columns);
    END IF;
    IF TG_OP = 'UPDATE' AND old_key = new_key THEN
        base_vv := OLD.tandem_vv;
        base_hlc := OLD.tandem_hlc;
        base_meta := OLD.tandem_meta;
        old_row := to_jsonb(OLD);
    ELSE
        IF TG_OP = 'UPDATE' THEN
            -- A key change deletes the old key: it leaves a tombstone like a DELETE would.
            PERFORM tandem.write_local_tombstone(
                tbl, old_key, OLD.tandem_vv, OLD.tandem_hlc, OLD.tandem_meta, cfg);
        END IF;
        DELETE FROM tandem.tombstones WHERE table_name = tbl AND pk = new_key
            RETURNING tandem_vv, tandem_hlc, tandem_meta INTO tomb;
        IF FOUND THEN
            base_vv := tomb.tandem_vv;
            base_hlc := tomb.tandem_hlc;
            base_meta := tomb.tandem_meta;
        END IF;
    END IF;
    NEW.tandem_vv := tandem.vv_bump(tandem.vv_merge(base_vv, base_meta -> 'vv'), here);
    NEW.tandem_hlc := tandem.hlc_next(greatest(base_hlc, tandem.meta_max_hlc(base_meta)));
    NEW.tandem_origin := here;
    NEW.tandem_applied_from := NULL;
    NEW.tandem_meta := tandem.meta_after_local_write(
        base_meta, old_row, to_jsonb(NEW), false, here, NEW.tandem_hlc, NEW.tandem_vv, cfg);
    RETURN NEW;
END $$;

-- AFTER DELETE on a replicated table (argument: the table's configuration): a local delete leaves
-- a tombstone; the applier writes its own tombstones for remote deletes.
CREATE OR REPLACE FUNCTION tandem.row_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF tandem.applying() THEN
        RETURN NULL;
    END IF;
    PERFORM tandem.write_local_tombstone(
        TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
        tandem.pk_of(to_jsonb(OLD), ARRAY(SELECT jsonb_array_elements_text(TG_ARGV[0]::jsonb -> 'pk'))),
        OLD.tandem_vv, OLD.tandem_hlc, OLD.tandem_meta, TG_ARGV[0]::jsonb);
    RETURN NULL;
END $$;
