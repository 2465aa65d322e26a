-- Who may see and change what, when many offices share one PostgreSQL
-- database. `meded db init --roles` runs this (again and again: it is
-- idempotent), after schema.postgres.sql, in one transaction with it;
-- `meded db grant USER --role … [--org C]` makes a database user one of
-- the three roles, for the organisations named.
--
--   meded_base_admin         a training base's office: only the rows of its
--                            own organisations; submits, never approves or
--                            returns a submission.
--   meded_province_reviewer  the province: reads every resident of the
--                            province, submitted or not, and approves or
--                            returns submitted records; changes nothing else.
--   meded_cme_office         a CME office: only its own members, their
--                            credits, standards and certificates.
--
-- The owner of the tables (who ran `db init`) and superusers are not bound
-- by the policies: they set the province up (organisations, collections,
-- settings, signing keys). Row-level security decides which rows a role
-- sees; the privileges below decide which tables and columns it may touch;
-- the triggers of schema.postgres.sql keep reviews and the change log
-- honest. docs/security.md says what holds against whom.
--
-- The policies read the user's organisations from meded_grant (each user
-- sees only its own grants there), once per statement, and reach a
-- person's account by its key: an office's work on one record costs an
-- index lookup or two more than the owner's, not a scan of its people
-- nor a function call per row.

-- The roles belong to the whole server: another database may be making
-- them at this very moment, and whichever commits second finds them made.
DO $$
DECLARE
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['meded_base_admin', 'meded_province_reviewer', 'meded_cme_office'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$$;

-- Start from nothing, so that running this again leaves exactly what it says.
REVOKE ALL ON ALL TABLES IN SCHEMA public
    FROM meded_base_admin, meded_province_reviewer, meded_cme_office;
DO $$
DECLARE
    p RECORD;
BEGIN
    FOR p IN SELECT policyname, tablename FROM pg_catalog.pg_policies
             WHERE schemaname = 'public' AND policyname LIKE 'meded\_%' LOOP
        EXECUTE pg_catalog.format('DROP POLICY %I ON public.%I', p.policyname, p.tablename);
    END LOOP;
END
$$;
-- What the policies of meded's first server version called.
DROP FUNCTION IF EXISTS meded_orgs();

-- What a login the province never granted anything may do: nothing.
-- PostgreSQL lets every login make temporary tables (TEMP on the
-- database) and, before version 15, objects in the schema public: both
-- are taken from PUBLIC where this user may (the database's owner, the
-- schema's owner); meded's roles keep TEMP, which their imports stage
-- rows in. What this user may not do, `db init --roles` tells the DBA.
DO $$
BEGIN
    IF pg_catalog.pg_has_role(current_user,
                              (SELECT d.datdba FROM pg_catalog.pg_database d
                               WHERE d.datname = pg_catalog.current_database()), 'MEMBER') THEN
        EXECUTE pg_catalog.format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC',
                                  pg_catalog.current_database());
        EXECUTE pg_catalog.format('GRANT TEMPORARY ON DATABASE %I TO meded_base_admin, '
                                  'meded_province_reviewer, meded_cme_office',
                                  pg_catalog.current_database());
    END IF;
    IF pg_catalog.pg_has_role(current_user,
                              (SELECT n.nspowner FROM pg_catalog.pg_namespace n
                               WHERE n.nspname = 'public'), 'MEMBER') THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO meded_base_admin, meded_province_reviewer, meded_cme_office;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;

-- The functions that the triggers running as the writing user call, and
-- that meded calls. Nothing else.
GRANT EXECUTE ON FUNCTION meded_unrestricted(), meded_is_reviewer(), meded_now(TEXT),
                          meded_password_salt(TEXT, BOOLEAN),
                          meded_password_matches(TEXT, BOOLEAN, TEXT),
                          meded_bound_elsewhere(TEXT, BIGINT)
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;
-- A function the owner makes later is not PUBLIC's either.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Each user reads its own grants: what the policies ask.
GRANT SELECT ON meded_grant TO meded_base_admin, meded_province_reviewer, meded_cme_office;
ALTER TABLE meded_grant ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_own ON meded_grant FOR SELECT
    TO meded_base_admin, meded_province_reviewer, meded_cme_office
    USING (username = session_user::TEXT);

-- The status lists of standard credentials: every office reads them; an
-- office that issues certificates draws its credentials' entries (a list
-- is shared, so it is not limited by row-level security; the revoked bits
-- a list is written with come from the certificates, which are).
GRANT SELECT ON status_list, status_entry
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;
GRANT INSERT, UPDATE (size) ON status_list TO meded_base_admin, meded_cme_office;
GRANT INSERT ON status_entry TO meded_base_admin, meded_cme_office;

-- What every office reads: the province's organisations and departments,
-- collections, settings (not the default passwords' hashes), credit
-- standards, recruitment plans, teachers' application batches, code lists
-- and the public keys that verify certificates, with the organisations
-- each signs for. Only the owner adds or retires a signing key.
GRANT SELECT ON org, department, collection, setting, credit_standard, teacher_threshold,
                signing_key, signing_key_org, recruit_batch, recruit_plan, teacher_batch,
                meded_schema, code_entry
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;
ALTER TABLE setting ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_read ON setting FOR SELECT
    TO meded_base_admin, meded_province_reviewer, meded_cme_office
    USING (key NOT LIKE 'default\_password.%');

-- Every command records its change set; the actor is the connected user
-- (a trigger sets it). Change sets and items are never changed or deleted
-- but by the owner.
GRANT SELECT, INSERT ON change_set, change_item
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;
GRANT SELECT ON meded_change_scope
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;

-- Accounts: every column but the password hash may be read.
DO $$
BEGIN
    EXECUTE (
        SELECT pg_catalog.format('GRANT SELECT (%s) ON public.account TO meded_base_admin, '
                                 'meded_province_reviewer, meded_cme_office',
                                 pg_catalog.string_agg(pg_catalog.quote_ident(column_name), ', '))
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'account'
          AND column_name <> 'password_hash');
END
$$;
GRANT INSERT, UPDATE, DELETE ON account TO meded_base_admin, meded_cme_office;

-- An organisation's own records: bases and CME offices alike change them,
-- row-level security keeps each to its organisations.
GRANT SELECT, INSERT, UPDATE, DELETE ON
    training, member_standard, credit, profile_basic, profile_education,
    profile_certificate, profile_work, profile_return, certificate, teacher, teacher_event,
    teacher_appointment, teacher_application, rotation, archive_change, archive,
    recruit_application
    TO meded_base_admin, meded_cme_office;
GRANT INSERT, UPDATE ON department, teacher_threshold TO meded_base_admin, meded_cme_office;
-- Credit projects (number, name, organiser, form, subject) are shared by
-- every office's records: read by all that keep credits, added to by import.
GRANT SELECT, INSERT ON credit_project TO meded_base_admin, meded_cme_office;

-- The province reads every resident's training and personal information,
-- and decides on what was submitted.
GRANT SELECT ON training, profile_basic, profile_education, profile_certificate,
                profile_work, profile_return
    TO meded_province_reviewer;
GRANT UPDATE (report_status, review_status, review_reason) ON training
    TO meded_province_reviewer;

-- Row-level security: an office sees the rows of its organisations.
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_office ON account TO meded_base_admin, meded_cme_office
    USING (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT))
    WITH CHECK (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT));
CREATE POLICY meded_province ON account FOR SELECT TO meded_province_reviewer
    USING (role = 'resident');

ALTER TABLE training ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_office ON training TO meded_base_admin, meded_cme_office
    USING (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT))
    WITH CHECK (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT));
CREATE POLICY meded_province ON training FOR SELECT TO meded_province_reviewer
    USING (true);
CREATE POLICY meded_review ON training FOR UPDATE TO meded_province_reviewer
    USING (report_status = '已上报')
    WITH CHECK (true);

-- A person's records follow their account: visible where the account is.
DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['member_standard', 'credit', 'profile_basic',
        'profile_education', 'profile_certificate', 'profile_work', 'profile_return',
        'certificate', 'teacher', 'teacher_event', 'teacher_appointment',
        'teacher_application', 'rotation', 'archive_change', 'archive',
        'recruit_application'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY meded_office ON public.%I TO meded_base_admin, meded_cme_office '
            'USING (EXISTS (SELECT 1 FROM public.account a WHERE a.id = %1$I.account_id)) '
            'WITH CHECK (EXISTS (SELECT 1 FROM public.account a WHERE a.id = %1$I.account_id))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['profile_basic', 'profile_education', 'profile_certificate',
        'profile_work', 'profile_return'] LOOP
        EXECUTE pg_catalog.format(
            'CREATE POLICY meded_province ON public.%I FOR SELECT '
            'TO meded_province_reviewer '
            'USING (EXISTS (SELECT 1 FROM public.account a WHERE a.id = %1$I.account_id))', t);
    END LOOP;
END
$$;

-- Departments are read by all, written by their organisation's office.
ALTER TABLE department ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_read ON department FOR SELECT USING (true);
CREATE POLICY meded_add ON department FOR INSERT TO meded_base_admin, meded_cme_office
    WITH CHECK (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT));
CREATE POLICY meded_change ON department FOR UPDATE TO meded_base_admin, meded_cme_office
    USING (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT))
    WITH CHECK (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT));

ALTER TABLE teacher_threshold ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_read ON teacher_threshold FOR SELECT USING (true);
CREATE POLICY meded_add ON teacher_threshold FOR INSERT TO meded_base_admin, meded_cme_office
    WITH CHECK (EXISTS (SELECT 1 FROM public.department d WHERE d.id = teacher_threshold.department_id
                        AND d.org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT)));
CREATE POLICY meded_change ON teacher_threshold FOR UPDATE
    TO meded_base_admin, meded_cme_office
    USING (EXISTS (SELECT 1 FROM public.department d WHERE d.id = teacher_threshold.department_id
                   AND d.org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT)))
    WITH CHECK (EXISTS (SELECT 1 FROM public.department d WHERE d.id = teacher_threshold.department_id
                        AND d.org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT)));

-- The change log. A change set is read by who made it and by the offices
-- of the organisations it concerns (meded_change_scope); an item by who
-- made it and by those who see the person or organisation it is about.
-- Items go only into one's own change sets: nobody writes in another's name.
ALTER TABLE meded_change_scope ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_read ON meded_change_scope FOR SELECT
    TO meded_base_admin, meded_province_reviewer, meded_cme_office
    USING (org_id IN (SELECT g.org_id FROM public.meded_grant g
                      WHERE g.username = session_user::TEXT)
           OR pg_has_role(session_user, 'meded_province_reviewer', 'MEMBER')
              AND org_id IN (SELECT o.id FROM public.org o WHERE o.kind = 'base'));

ALTER TABLE change_set ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_read ON change_set FOR SELECT
    TO meded_base_admin, meded_province_reviewer, meded_cme_office
    USING (actor = session_user::TEXT
           OR EXISTS (SELECT 1 FROM public.meded_change_scope s
                      WHERE s.change_id = change_set.id));
CREATE POLICY meded_write ON change_set FOR INSERT
    TO meded_base_admin, meded_province_reviewer, meded_cme_office
    WITH CHECK (actor = session_user::TEXT);

-- A base's rotation programmes and its departments' monthly capacities
-- (rotation plans) are its office's alone.
GRANT SELECT, INSERT, UPDATE, DELETE ON rotation_programme, department_capacity
    TO meded_base_admin;
ALTER TABLE rotation_programme ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_office ON rotation_programme TO meded_base_admin
    USING (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT))
    WITH CHECK (org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT));
ALTER TABLE department_capacity ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_office ON department_capacity TO meded_base_admin
    USING (EXISTS (SELECT 1 FROM public.department d WHERE d.id = department_capacity.department_id
                   AND d.org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT)))
    WITH CHECK (EXISTS (SELECT 1 FROM public.department d WHERE d.id = department_capacity.department_id
                        AND d.org_id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT)));

ALTER TABLE change_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_read ON change_item FOR SELECT
    TO meded_base_admin, meded_province_reviewer, meded_cme_office
    USING (EXISTS (SELECT 1 FROM public.account a WHERE a.id_number = change_item.subject)
           OR EXISTS (SELECT 1 FROM public.org o WHERE o.code = change_item.subject
                      AND o.id IN (SELECT g.org_id FROM public.meded_grant g WHERE g.username = session_user::TEXT))
           OR EXISTS (SELECT 1 FROM public.change_set s
                      WHERE s.id = change_item.change_id AND s.actor = session_user::TEXT));
CREATE POLICY meded_write ON change_item FOR INSERT
    TO meded_base_admin, meded_province_reviewer, meded_cme_office
    WITH CHECK (EXISTS (SELECT 1 FROM public.change_set s
                        WHERE s.id = change_item.change_id AND s.actor = session_user::TEXT));
