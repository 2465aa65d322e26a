-- What only a PostgreSQL database has, beside the tables of schema.sql
-- (which meded creates on both engines from that one file): the grants
-- `meded db grant` records, the functions the row-level policies and
-- meded call, and the triggers by which the server itself keeps the change
-- log honest and submitted records reviewed as they are. Run when the
-- schema is created, after every migration and by `meded db init --roles`
-- (which then adds the roles and policies of roles.postgres.sql); every
-- statement may run again.
--
-- Every function here is safe to call from any session (docs/security.md):
--
-- - it pins `search_path = pg_catalog, public, pg_temp`: PostgreSQL looks in
--   the session's temporary schema FIRST for tables, views and types unless
--   pg_temp is named, and last when it is, so that a temporary table or
--   view named like one of ours (meded_grant, account, pg_roles …) is never
--   read in its place; it also names its tables with their schema;
-- - EXECUTE is revoked from PUBLIC: roles.postgres.sql grants the few that
--   policies and meded call to meded's three roles (a trigger function is
--   run by its trigger whatever the privileges).
--
-- Who is "restricted": everyone but the owner of meded's tables and
-- superusers, whom the policies do not bind either (they set the province
-- up); see meded_unrestricted().

-- Which organisations each database user administers, as
-- `meded db grant USER --role … --org C` recorded it. Readable only
-- through the functions below: a user learns their own grants, nobody else's.
CREATE TABLE IF NOT EXISTS meded_grant (
    username  TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('base-admin', 'province-reviewer', 'cme-office')),
    org_id    BIGINT REFERENCES org(id),
    granted   TEXT NOT NULL,
    UNIQUE (username, role, org_id)
);

-- Which organisations each change set concerns: the organisation of every
-- row it created or decided on (its *_change columns) and of every person
-- or organisation its change items are about, kept by the triggers below.
-- An office reads the change sets it made and those of its organisations
-- (a province reviewer: of every training base), nothing else.
CREATE TABLE IF NOT EXISTS meded_change_scope (
    change_id  BIGINT NOT NULL REFERENCES change_set(id) ON DELETE CASCADE,
    org_id     BIGINT NOT NULL REFERENCES org(id) ON DELETE CASCADE,
    PRIMARY KEY (change_id, org_id)
);

-- The password hash is not handed out any more (meded_password_salt and
-- meded_password_matches below answer what a check needs).
DROP FUNCTION IF EXISTS meded_password_hash(TEXT);

-- The functions the policies and triggers call for every statement are
-- PL/pgSQL, whose statements are planned once per session (an SQL
-- function with its own search path is planned at every call).

-- Whether the connected user is bound by the policies at all: the owner of
-- the tables and superusers are not (they set the database up).
CREATE OR REPLACE FUNCTION meded_unrestricted() RETURNS BOOLEAN
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                   WHERE r.rolname = session_user AND r.rolsuper)
        OR coalesce(session_user = (SELECT pg_catalog.pg_get_userbyid(c.relowner)
                                    FROM pg_catalog.pg_class c
                                    WHERE c.oid = 'public.account'::pg_catalog.regclass), false);
END
$$;

-- The organisations the connected user administers (`db grant --org`).
CREATE OR REPLACE FUNCTION meded_org_ids() RETURNS BIGINT[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN (SELECT coalesce(pg_catalog.array_agg(g.org_id), '{}'::BIGINT[])
            FROM public.meded_grant g
            WHERE g.username = session_user::TEXT AND g.org_id IS NOT NULL);
END
$$;

-- Whether the connected user is a province reviewer.
CREATE OR REPLACE FUNCTION meded_is_reviewer() RETURNS BOOLEAN
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN pg_catalog.to_regrole('meded_province_reviewer') IS NOT NULL
       AND pg_catalog.pg_has_role(session_user, 'meded_province_reviewer', 'MEMBER');
END
$$;

-- The salt and parameters of a password hash (its PHC string without the
-- hash itself), which is all a client needs to hash a typed password the
-- same way.
CREATE OR REPLACE FUNCTION meded_phc_salt(p_phc TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_catalog.regexp_replace(p_phc, '[$][^$]*$', '')
$$;

-- The hash a password check of the account compares with: the account's
-- own, or with `p_default` (or while the account has its initial password)
-- the default password of its role, if the deployment set one. Only for an
-- account of an organisation the user administers.
CREATE OR REPLACE FUNCTION meded_password_stored(p_id_number TEXT, p_default BOOLEAN)
    RETURNS TEXT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE WHEN p_default OR a.password_state = 'initial' OR a.password_hash IS NULL
                THEN (SELECT s.value FROM public.setting s
                      WHERE s.key = 'default_password.' || a.role)
                ELSE a.password_hash END
    FROM public.account a
    WHERE a.id_number = p_id_number
      AND (public.meded_unrestricted() OR a.org_id = ANY (public.meded_org_ids()))
$$;

-- A password check without handing out the hash: the salt and parameters
-- to hash the typed password with (NULL: nothing stored, the built-in
-- default applies) …
CREATE OR REPLACE FUNCTION meded_password_salt(p_id_number TEXT, p_default BOOLEAN)
    RETURNS TEXT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT public.meded_phc_salt(public.meded_password_stored(p_id_number, p_default))
$$;

-- … and whether the typed password, so hashed, is the one stored.
CREATE OR REPLACE FUNCTION meded_password_matches(p_id_number TEXT, p_default BOOLEAN,
                                                  p_candidate TEXT)
    RETURNS BOOLEAN
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT public.meded_password_stored(p_id_number, p_default) = p_candidate
$$;

-- The binding rule across organisations: is the person with this ID number
-- in training (在培, 延期, 暂停 or 结束) at a base other than `p_org_id`, and
-- at which? Asked by a base's administrator about its own base only; it
-- answers that, and nothing else of the person.
CREATE OR REPLACE FUNCTION meded_bound_elsewhere(p_id_number TEXT, p_org_id BIGINT)
    RETURNS TABLE (org_name TEXT, org_code TEXT, status TEXT)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT (public.meded_unrestricted() OR p_org_id = ANY (public.meded_org_ids())) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = 'only an administrator of the organisation asks whom it may take';
    END IF;
    RETURN QUERY
        SELECT o.name, o.code, t.status
        FROM public.training t
        JOIN public.account a ON a.id = t.account_id
        JOIN public.org o ON o.id = t.org_id
        WHERE a.id_number = p_id_number AND t.org_id <> p_org_id
          AND t.status IN ('在培', '延期', '暂停', '结束')
        ORDER BY t.id DESC
        LIMIT 1;
END
$$;

-- The server's clock, written as meded writes times (RFC 3339 to the
-- second) in the offset the client gave, else the session's.
CREATE OR REPLACE FUNCTION meded_now(p_given TEXT) RETURNS TEXT
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    off TEXT := pg_catalog.substring(p_given, '([+-][0-9][0-9]:[0-9][0-9])$');
BEGIN
    IF off IS NULL THEN
        RETURN pg_catalog.to_char(pg_catalog.now(), 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM');
    END IF;
    RETURN pg_catalog.to_char(pg_catalog.now() AT TIME ZONE off::INTERVAL,
                              'YYYY-MM-DD"T"HH24:MI:SS') || off;
END
$$;

-- The change log names who was connected, whatever the command said
-- (`--actor` is kept beside it as a note), and for the offices when: the
-- server's clock. The change set opened is the transaction's: writes
-- after it are meded's (see meded_in_command).
CREATE OR REPLACE FUNCTION meded_change_actor() RETURNS TRIGGER
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.actor := session_user;
    IF TG_OP = 'INSERT' THEN
        IF NOT public.meded_unrestricted() THEN
            NEW.at := public.meded_now(NEW.at);
        END IF;
        PERFORM pg_catalog.set_config('meded.change_set', NEW.id::TEXT, true);
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS change_set_actor ON change_set;
CREATE TRIGGER change_set_actor BEFORE INSERT OR UPDATE ON change_set
    FOR EACH ROW EXECUTE FUNCTION meded_change_actor();

-- Whether the change set named by the setting `setting` was opened in this
-- very transaction by the connected user: what tells a write of a command
-- (which logs its own changes) from one made outside meded. A setting
-- naming an older change set, or another user's, does not count.
CREATE OR REPLACE FUNCTION meded_current_change(p_setting TEXT) RETURNS BIGINT
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v TEXT := pg_catalog.current_setting(p_setting, true);
BEGIN
    IF v IS NULL OR v !~ '^[0-9]{1,18}$' THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT s.id FROM public.change_set s
            WHERE s.id = v::BIGINT AND s.actor = session_user::TEXT
              AND s.xmin = pg_catalog.pg_current_xact_id()::xid);
END
$$;

-- Submission and review of training records on the server, whatever the
-- client (docs/security.md):
-- - a province reviewer approves (审核通过) a submitted record or returns
--   it (退回修改, with a reason): nothing else;
-- - an office never approves or returns; what it submits (已上报) awaits
--   review (待审核);
-- - an office's change to a submitted record's training fields sets it
--   back to 未上报 (the review of the last submission stays recorded, as
--   meded's own reopening keeps it): the province reviews what is there;
-- - a record that was submitted or reviewed is not deleted by an office
--   (as `account delete` refuses it).
CREATE OR REPLACE FUNCTION meded_review_guard() RETURNS TRIGGER
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    review_columns CONSTANT TEXT[] := '{report_status,review_status,review_reason}';
BEGIN
    IF public.meded_unrestricted() THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = 'a record submitted to the province, or reviewed by it, is not deleted';
    END IF;
    IF public.meded_is_reviewer() THEN
        IF TG_OP = 'UPDATE' THEN
            IF (NEW.report_status, NEW.review_status, NEW.review_reason)
               IS NOT DISTINCT FROM (OLD.report_status, OLD.review_status, OLD.review_reason) THEN
                RETURN NEW;
            END IF;
            -- Approve a record awaiting review.
            IF OLD.report_status = '已上报' AND coalesce(OLD.review_status, '待审核') = '待审核'
               AND NEW.report_status = '已上报' AND NEW.review_status = '审核通过'
               AND NEW.review_reason IS NOT DISTINCT FROM OLD.review_reason THEN
                RETURN NEW;
            END IF;
            -- Return a submitted record, with the reason.
            IF OLD.report_status = '已上报' AND NEW.report_status = '未上报'
               AND NEW.review_status = '退回修改'
               AND coalesce(pg_catalog.btrim(NEW.review_reason), '') <> '' THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = 'a province reviewer approves a submitted record (审核通过) or returns it '
                      '(退回修改, with a reason), and nothing else';
    END IF;
    IF NEW.review_status IN ('审核通过', '退回修改')
       AND (TG_OP = 'INSERT' OR NEW.review_status IS DISTINCT FROM OLD.review_status) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = 'only a province reviewer approves or returns a submission';
    END IF;
    IF NEW.report_status = '已上报' AND (TG_OP = 'INSERT' OR OLD.report_status <> '已上报')
       AND NEW.review_status IS DISTINCT FROM '待审核' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = 'a submitted record (已上报) awaits the province''s review (待审核)';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.report_status = '已上报' AND NEW.report_status = '已上报'
       AND (pg_catalog.to_jsonb(NEW) - review_columns)
           IS DISTINCT FROM (pg_catalog.to_jsonb(OLD) - review_columns) THEN
        NEW.report_status := '未上报';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS training_review_guard ON training;
DROP TRIGGER IF EXISTS training_review_insert ON training;
DROP TRIGGER IF EXISTS training_review_update ON training;
DROP TRIGGER IF EXISTS training_review_delete ON training;
-- Only rows that concern a submission call the function: a bulk import
-- of records that were never submitted pays nothing.
CREATE TRIGGER training_review_insert BEFORE INSERT ON training
    FOR EACH ROW WHEN (NEW.report_status = '已上报' OR NEW.review_status IS NOT NULL)
    EXECUTE FUNCTION meded_review_guard();
CREATE TRIGGER training_review_update BEFORE UPDATE ON training
    FOR EACH ROW WHEN (OLD.report_status = '已上报' OR NEW.report_status = '已上报'
                       OR NEW.review_status IS DISTINCT FROM OLD.review_status
                       OR NEW.review_reason IS DISTINCT FROM OLD.review_reason)
    EXECUTE FUNCTION meded_review_guard();
CREATE TRIGGER training_review_delete BEFORE DELETE ON training
    FOR EACH ROW WHEN (OLD.report_status = '已上报' OR OLD.review_status IS NOT NULL)
    EXECUTE FUNCTION meded_review_guard();

-- Personal information is part of what a base submitted: an office's
-- change to a resident's profile sets the resident's submitted records
-- back to 未上报 (meded does so itself before it writes the profile; this
-- catches any other client). Run as the office: it reopens what the
-- office may change.
CREATE OR REPLACE FUNCTION meded_profile_reopen() RETURNS TRIGGER
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF public.meded_unrestricted() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE public.training t SET report_status = '未上报'
        WHERE t.report_status = '已上报'
          AND t.account_id IN (SELECT o.account_id FROM old_rows o);
    ELSE
        UPDATE public.training t SET report_status = '未上报'
        WHERE t.report_status = '已上报'
          AND t.account_id IN (SELECT n.account_id FROM new_rows n);
    END IF;
    RETURN NULL;
END
$$;

-- The key of a row (its primary key's columns) as JSON.
CREATE OR REPLACE FUNCTION meded_row_key(p_row JSONB, p_columns TEXT[]) RETURNS JSONB
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_catalog.jsonb_object_agg(c, p_row -> c) FROM pg_catalog.unnest(p_columns) c
$$;

-- Whom a row is about, as the change log names subjects: a person's ID
-- number, an organisation's code, a credit project's number.
CREATE OR REPLACE FUNCTION meded_row_subject(p_row JSONB, p_kind TEXT) RETURNS TEXT
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE p_kind
        WHEN 'id_number' THEN p_row ->> 'id_number'
        WHEN 'code' THEN p_row ->> 'code'
        WHEN 'project_no' THEN p_row ->> 'project_no'
        WHEN 'account_id' THEN (SELECT a.id_number FROM public.account a
                                WHERE a.id = (p_row ->> 'account_id')::BIGINT)
        WHEN 'org_id' THEN (SELECT o.code FROM public.org o
                            WHERE o.id = (p_row ->> 'org_id')::BIGINT)
        WHEN 'department_id' THEN (SELECT o.code FROM public.department d
                                   JOIN public.org o ON o.id = d.org_id
                                   WHERE d.id = (p_row ->> 'department_id')::BIGINT)
    END
$$;

-- The change set of this transaction into which the server logs what the
-- connected user writes outside meded, made on first need. It is the
-- server's record, not a command's: it does not count as the
-- transaction's own change set (meded.change_set).
CREATE OR REPLACE FUNCTION meded_outside_change() RETURNS BIGINT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_change BIGINT := public.meded_current_change('meded.outside_set');
    v_before TEXT;
BEGIN
    IF v_change IS NOT NULL THEN
        RETURN v_change;
    END IF;
    v_before := pg_catalog.current_setting('meded.change_set', true);
    INSERT INTO public.change_set (at, actor, command, note)
    VALUES (public.meded_now(NULL), session_user,
            'outside meded: ' || coalesce(nullif(pg_catalog.current_setting('application_name'), ''),
                                          'a client that did not name itself'),
            NULL)
    RETURNING id INTO v_change;
    PERFORM pg_catalog.set_config('meded.change_set', coalesce(v_before, ''), true);
    PERFORM pg_catalog.set_config('meded.outside_set', v_change::TEXT, true);
    RETURN v_change;
END
$$;

-- After every write to a table of organisations' data, statement by
-- statement with the rows written, a function of the table's own (made
-- by the loop below from its shape, so that its statements are planned
-- once per session):
-- 1. the change sets that new rows name (their *_change columns) concern
--    the rows' organisations (meded_change_scope); a person moved to
--    another organisation brings the change sets about them along. (What
--    a change set does to existing rows is in its items, which
--    meded_item_scope places.)
-- 2. a write by an office outside meded — in a transaction that has not
--    opened a change set of its own (meded_current_change) — is logged:
--    table, subject, field, before and after, under a change set of the
--    connected user (meded_outside_change), note 'outside meded'. meded's
--    own writes log themselves, so that a bulk import is not logged
--    twice.
-- Change items: the organisations of the people and organisations they
-- are about.
CREATE OR REPLACE FUNCTION meded_item_scope() RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.meded_change_scope (change_id, org_id)
    SELECT DISTINCT i.change_id, a.org_id
    FROM new_rows i JOIN public.account a ON a.id_number = i.subject
    WHERE a.org_id IS NOT NULL
    UNION
    SELECT DISTINCT i.change_id, o.id
    FROM new_rows i JOIN public.org o ON o.code = i.subject
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS change_item_scope ON change_item;
CREATE TRIGGER change_item_scope AFTER INSERT ON change_item
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meded_item_scope();

-- The triggers of every table of organisations' data: all of meded's
-- tables but the log itself and what only the owner keeps (settings,
-- signing keys, grants, the schema version). Found from the catalogue, so
-- that tables added by later versions get them when this runs again.
DO $$
DECLARE
    t RECORD;
    keys TEXT;
    subject TEXT;
    org_expr TEXT;
    org_join TEXT;
    changes TEXT;
    scope_sql TEXT;
    transfer_sql TEXT;
    fn TEXT;
    op TEXT;
    profile TEXT;
BEGIN
    FOR t IN
        SELECT c.oid, c.relname FROM pg_catalog.pg_class c
        WHERE c.relnamespace = 'public'::pg_catalog.regnamespace AND c.relkind = 'r'
          AND c.relname NOT IN ('change_set', 'change_item', 'meded_grant', 'meded_change_scope',
                                'meded_schema', 'setting', 'signing_key', 'signing_key_org')
        ORDER BY c.relname
    LOOP
        SELECT pg_catalog.string_agg(pg_catalog.quote_literal(a.attname), ', ' ORDER BY k.n)
        INTO keys
        FROM pg_catalog.pg_index i
        CROSS JOIN LATERAL pg_catalog.unnest(i.indkey) WITH ORDINALITY k(attnum, n)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = t.oid AND i.indisprimary;
        CONTINUE WHEN keys IS NULL;
        -- Whom a row is about, and whose organisation it is.
        SELECT CASE
            WHEN bool_or(attname = 'id_number') THEN 'id_number'
            WHEN bool_or(attname = 'account_id') THEN 'account_id'
            WHEN t.relname = 'org' THEN 'code'
            WHEN bool_or(attname = 'org_id') THEN 'org_id'
            WHEN bool_or(attname = 'department_id') THEN 'department_id'
            WHEN bool_or(attname = 'project_no') THEN 'project_no'
            ELSE '' END,
               CASE
            WHEN t.relname = 'org' THEN 'r.id'
            WHEN bool_or(attname = 'org_id') THEN 'r.org_id'
            WHEN bool_or(attname = 'account_id') THEN 'a.org_id'
            WHEN bool_or(attname = 'department_id') THEN 'd.org_id'
            END,
               CASE
            WHEN t.relname = 'org' OR bool_or(attname = 'org_id') THEN ''
            WHEN bool_or(attname = 'account_id') THEN 'JOIN public.account a ON a.id = r.account_id'
            WHEN bool_or(attname = 'department_id')
                THEN 'JOIN public.department d ON d.id = r.department_id'
            ELSE '' END
        INTO subject, org_expr, org_join
        FROM pg_catalog.pg_attribute WHERE attrelid = t.oid AND attnum > 0 AND NOT attisdropped;
        SELECT pg_catalog.string_agg(pg_catalog.format('(r.%I::BIGINT)', a.attname), ', '
                                     ORDER BY a.attnum)
        INTO changes
        FROM pg_catalog.pg_constraint f
        JOIN pg_catalog.pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1]
        WHERE f.conrelid = t.oid AND f.contype = 'f'
          AND f.confrelid = 'public.change_set'::pg_catalog.regclass;
        scope_sql := CASE WHEN changes IS NULL OR org_expr IS NULL THEN 'NULL;'
            ELSE pg_catalog.format(
                'INSERT INTO public.meded_change_scope (change_id, org_id)
                 SELECT DISTINCT c.id, %1$s FROM new_rows r %2$s
                 CROSS JOIN LATERAL (VALUES %3$s) c(id)
                 WHERE c.id IS NOT NULL AND %1$s IS NOT NULL
                 ON CONFLICT DO NOTHING;', org_expr, org_join, changes) END;
        transfer_sql := CASE WHEN t.relname <> 'account' THEN ''
            ELSE 'IF TG_OP = ''UPDATE'' THEN
                INSERT INTO public.meded_change_scope (change_id, org_id)
                SELECT DISTINCT x.change_id, n.org_id
                FROM new_rows n JOIN old_rows o ON o.id = n.id
                CROSS JOIN LATERAL (
                    SELECT i.change_id FROM public.change_item i WHERE i.subject = n.id_number
                    UNION SELECT n.created_change
                    UNION SELECT tr.created_change FROM public.training tr WHERE tr.account_id = n.id
                ) x
                WHERE n.org_id IS NOT NULL AND n.org_id IS DISTINCT FROM o.org_id
                ON CONFLICT DO NOTHING;
            END IF;' END;
        fn := 'meded_after_write_' || t.relname;
        EXECUTE pg_catalog.format($f$
CREATE OR REPLACE FUNCTION public.%1$I() RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $body$
DECLARE
    v_keys CONSTANT TEXT[] := ARRAY[%2$s];
    v_change BIGINT;
    v_command TEXT := pg_catalog.current_setting('meded.change_set', true);
BEGIN
    IF TG_OP = 'INSERT' THEN
        %3$s
    END IF;
    %4$s
    -- A command's write (as meded_current_change, checked here without
    -- a call: this runs after every statement), or the owner's.
    IF v_command ~ '^[0-9]{1,18}$'
       AND EXISTS (SELECT 1 FROM public.change_set s
                   WHERE s.id = v_command::BIGINT AND s.actor = session_user::TEXT
                     AND s.xmin = pg_catalog.pg_current_xact_id()::xid) THEN
        RETURN NULL;
    END IF;
    IF public.meded_unrestricted() THEN
        RETURN NULL;
    END IF;
    v_change := public.meded_outside_change();
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.change_item (change_id, subject, entity, action, field, before, after, note)
        SELECT v_change, coalesce(public.meded_row_subject(r.j, %5$L), TG_TABLE_NAME),
               TG_TABLE_NAME, 'insert', NULL, NULL, (r.j - 'password_hash')::TEXT, 'outside meded'
        FROM (SELECT pg_catalog.to_jsonb(n) AS j FROM new_rows n) r;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO public.change_item (change_id, subject, entity, action, field, before, after, note)
        SELECT v_change, coalesce(public.meded_row_subject(r.j, %5$L), TG_TABLE_NAME),
               TG_TABLE_NAME, 'delete', NULL, (r.j - 'password_hash')::TEXT, NULL, 'outside meded'
        FROM (SELECT pg_catalog.to_jsonb(o) AS j FROM old_rows o) r;
    ELSE
        INSERT INTO public.change_item (change_id, subject, entity, action, field, before, after, note)
        SELECT v_change, coalesce(public.meded_row_subject(n.j, %5$L), TG_TABLE_NAME),
               TG_TABLE_NAME, 'update', e.key,
               CASE WHEN e.key = 'password_hash' AND o.j ->> e.key IS NOT NULL THEN '***'
                    ELSE o.j ->> e.key END,
               CASE WHEN e.key = 'password_hash' AND e.value <> 'null'::JSONB THEN '***'
                    ELSE n.j ->> e.key END,
               'outside meded'
        FROM (SELECT pg_catalog.to_jsonb(x) AS j FROM old_rows x) o
        JOIN (SELECT pg_catalog.to_jsonb(x) AS j FROM new_rows x) n
          ON public.meded_row_key(o.j, v_keys) = public.meded_row_key(n.j, v_keys)
        CROSS JOIN LATERAL pg_catalog.jsonb_each(n.j) e
        WHERE (o.j -> e.key) IS DISTINCT FROM e.value;
    END IF;
    RETURN NULL;
END
$body$
$f$, fn, keys, scope_sql, transfer_sql, subject);
        FOREACH op IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
            EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON public.%I',
                                      'meded_after_' || pg_catalog.lower(op), t.relname);
            EXECUTE pg_catalog.format(
                'CREATE TRIGGER %I AFTER %s ON public.%I REFERENCING %s
                 FOR EACH STATEMENT EXECUTE FUNCTION public.%I()',
                'meded_after_' || pg_catalog.lower(op), op, t.relname,
                CASE op WHEN 'INSERT' THEN 'NEW TABLE AS new_rows'
                        WHEN 'UPDATE' THEN 'NEW TABLE AS new_rows OLD TABLE AS old_rows'
                        ELSE 'OLD TABLE AS old_rows' END,
                fn);
        END LOOP;
    END LOOP;
    FOREACH profile IN ARRAY ARRAY['profile_basic', 'profile_education', 'profile_certificate',
                                   'profile_work'] LOOP
        FOREACH op IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
            EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON public.%I',
                                      'meded_reopen_' || pg_catalog.lower(op), profile);
            EXECUTE pg_catalog.format(
                'CREATE TRIGGER %I AFTER %s ON public.%I REFERENCING %s
                 FOR EACH STATEMENT EXECUTE FUNCTION public.meded_profile_reopen()',
                'meded_reopen_' || pg_catalog.lower(op), op, profile,
                CASE op WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
                        ELSE 'NEW TABLE AS new_rows' END);
        END LOOP;
    END LOOP;
END
$$;

-- One function for every table, of an earlier form of this file.
DROP FUNCTION IF EXISTS meded_after_write();

-- A database made by an older meded: the change sets it already holds
-- concern the organisations of the rows and people they name.
DO $$
DECLARE
    t RECORD;
BEGIN
    IF EXISTS (SELECT 1 FROM public.meded_change_scope)
       OR NOT EXISTS (SELECT 1 FROM public.change_set) THEN
        RETURN;
    END IF;
    INSERT INTO public.meded_change_scope (change_id, org_id)
    SELECT DISTINCT i.change_id, a.org_id
    FROM public.change_item i JOIN public.account a ON a.id_number = i.subject
    WHERE a.org_id IS NOT NULL
    UNION
    SELECT DISTINCT i.change_id, o.id
    FROM public.change_item i JOIN public.org o ON o.code = i.subject
    ON CONFLICT DO NOTHING;
    FOR t IN
        SELECT c.relname, a.attname,
               CASE WHEN c.relname = 'org' THEN 'r.id'
                    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute x
                                 WHERE x.attrelid = c.oid AND x.attname = 'org_id') THEN 'r.org_id'
                    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute x
                                 WHERE x.attrelid = c.oid AND x.attname = 'account_id')
                        THEN '(SELECT p.org_id FROM public.account p WHERE p.id = r.account_id)'
                    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute x
                                 WHERE x.attrelid = c.oid AND x.attname = 'department_id')
                        THEN '(SELECT d.org_id FROM public.department d WHERE d.id = r.department_id)'
               END AS org
        FROM pg_catalog.pg_constraint f
        JOIN pg_catalog.pg_class c ON c.oid = f.conrelid
        JOIN pg_catalog.pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1]
        WHERE f.contype = 'f' AND f.confrelid = 'public.change_set'::pg_catalog.regclass
          AND c.relnamespace = 'public'::pg_catalog.regnamespace
          AND c.relname NOT IN ('change_item', 'meded_change_scope')
    LOOP
        CONTINUE WHEN t.org IS NULL;
        EXECUTE pg_catalog.format(
            'INSERT INTO public.meded_change_scope (change_id, org_id)
             SELECT DISTINCT r.%I, %s FROM public.%I r
             WHERE r.%I IS NOT NULL AND %s IS NOT NULL
             ON CONFLICT DO NOTHING',
            t.attname, t.org, t.relname, t.attname, t.org);
    END LOOP;
END
$$;

-- Nothing here is PUBLIC's to call: roles.postgres.sql grants what the
-- policies and meded call to meded's roles.
DO $$
DECLARE
    f REGPROCEDURE;
BEGIN
    FOR f IN SELECT p.oid FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = 'public'::pg_catalog.regnamespace
               AND p.proname LIKE 'meded\_%' LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END
$$;
