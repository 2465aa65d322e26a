-- Who may see and change what, when many offices share one PostgreSQL
-- database. `meded db init --roles` runs this (again and again: it is
-- idempotent); `meded db grant USER --role … [--org C]` makes a database
-- user one of the three roles, for the organisations named.
--
--   meded_base_admin         a training base's office: only the rows of its
--                            own organisations; submits, never approves or
--                            returns a submission.
--   meded_province_reviewer  the province: reads every base's submitted
--                            records (and their residents) and approves or
--                            returns them; changes nothing else.
--   meded_cme_office         a CME office: only its own members, their
--                            credits, standards and certificates.
--
-- The owner of the tables (who ran `db init`) and superusers are not bound
-- by the policies: they set the province up (organisations, collections,
-- settings, signing keys). Row-level security decides which rows a role
-- sees; the privileges below decide which tables and columns it may touch.
-- Nobody but the owner may select account.password_hash: passwords are
-- checked through meded_password_hash() (schema.postgres.sql).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meded_base_admin') THEN
        CREATE ROLE meded_base_admin NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meded_province_reviewer') THEN
        CREATE ROLE meded_province_reviewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meded_cme_office') THEN
        CREATE ROLE meded_cme_office NOLOGIN;
    END IF;
END
$$;

-- Start from nothing, so that running this again leaves exactly what it says.
REVOKE ALL ON ALL TABLES IN SCHEMA public
    FROM meded_base_admin, meded_province_reviewer, meded_cme_office;
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT policyname, tablename FROM pg_policies
             WHERE schemaname = current_schema() AND policyname LIKE 'meded_%' LOOP
        EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA public TO meded_base_admin, meded_province_reviewer, meded_cme_office;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;

-- What every office reads: the province's organisations and departments,
-- collections, settings, credit standards, recruitment plans and the
-- public keys that verify certificates.
GRANT SELECT ON org, department, collection, setting, credit_standard, teacher_threshold,
                signing_key, recruit_batch, recruit_plan, meded_schema
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;

-- A CME office that issues certificates records its signing key's public
-- half, by which every office verifies them.
GRANT INSERT ON signing_key TO meded_cme_office;

-- Every command records its change set; the actor is the connected user.
GRANT SELECT, INSERT ON change_set, change_item
    TO meded_base_admin, meded_province_reviewer, meded_cme_office;

-- Accounts: every column but the password hash may be read.
DO $$
BEGIN
    EXECUTE (
        SELECT format('GRANT SELECT (%s) ON account TO meded_base_admin, '
                      'meded_province_reviewer, meded_cme_office',
                      string_agg(quote_ident(column_name), ', '))
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'account'
          AND column_name <> 'password_hash');
END
$$;
GRANT INSERT, UPDATE, DELETE ON account TO meded_base_admin, meded_cme_office;

-- An organisation's own records: bases and CME offices alike change them,
-- row-level security keeps each to its organisations.
GRANT SELECT, INSERT, UPDATE, DELETE ON
    training, member_standard, credit, profile_basic, profile_education,
    profile_certificate, profile_return, certificate, teacher, teacher_event,
    teacher_appointment, rotation, archive_change, archive, recruit_application
    TO meded_base_admin, meded_cme_office;
GRANT INSERT, UPDATE ON department, teacher_threshold TO meded_base_admin, meded_cme_office;
-- Credit projects (number, name, organiser, form, subject) are shared by
-- every office's records: read by all that keep credits, added to by import.
GRANT SELECT, INSERT ON credit_project TO meded_base_admin, meded_cme_office;

-- The province reads what was submitted, and decides on it.
GRANT SELECT ON training, profile_basic, profile_education, profile_certificate,
                profile_return
    TO meded_province_reviewer;
GRANT UPDATE (report_status, review_status, review_reason) ON training
    TO meded_province_reviewer;

-- Row-level security: an office sees the rows of its organisations.
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_office ON account TO meded_base_admin, meded_cme_office
    USING (org_id IN (SELECT meded_orgs()))
    WITH CHECK (org_id IN (SELECT meded_orgs()));
CREATE POLICY meded_submitted ON account FOR SELECT TO meded_province_reviewer
    USING (id IN (SELECT account_id FROM training));

ALTER TABLE training ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_office ON training TO meded_base_admin, meded_cme_office
    USING (org_id IN (SELECT meded_orgs()))
    WITH CHECK (org_id IN (SELECT meded_orgs()));
CREATE POLICY meded_submitted ON training FOR SELECT TO meded_province_reviewer
    USING (report_status = '已上报' OR review_status IS NOT NULL);
CREATE POLICY meded_review ON training FOR UPDATE TO meded_province_reviewer
    USING (report_status = '已上报')
    WITH CHECK (true);

-- A person's records follow their account: visible where the account is.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['member_standard', 'credit', 'profile_basic',
        'profile_education', 'profile_certificate', 'profile_return', 'certificate',
        'teacher', 'teacher_event', 'teacher_appointment', 'rotation', 'archive_change',
        'archive', 'recruit_application'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY meded_office ON %I TO meded_base_admin, meded_cme_office '
                       'USING (account_id IN (SELECT id FROM account)) '
                       'WITH CHECK (account_id IN (SELECT id FROM account))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['profile_basic', 'profile_education', 'profile_certificate',
        'profile_return'] LOOP
        EXECUTE format('CREATE POLICY meded_submitted ON %I FOR SELECT '
                       'TO meded_province_reviewer '
                       'USING (account_id IN (SELECT id FROM account))', t);
    END LOOP;
END
$$;

-- Departments are read by all, written by their organisation's office.
ALTER TABLE department ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_read ON department FOR SELECT USING (true);
CREATE POLICY meded_add ON department FOR INSERT TO meded_base_admin, meded_cme_office
    WITH CHECK (org_id IN (SELECT meded_orgs()));
CREATE POLICY meded_change ON department FOR UPDATE TO meded_base_admin, meded_cme_office
    USING (org_id IN (SELECT meded_orgs()));

ALTER TABLE teacher_threshold ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_read ON teacher_threshold FOR SELECT USING (true);
CREATE POLICY meded_add ON teacher_threshold FOR INSERT TO meded_base_admin, meded_cme_office
    WITH CHECK (department_id IN (SELECT id FROM department
                                  WHERE org_id IN (SELECT meded_orgs())));
CREATE POLICY meded_change ON teacher_threshold FOR UPDATE
    TO meded_base_admin, meded_cme_office
    USING (department_id IN (SELECT id FROM department WHERE org_id IN (SELECT meded_orgs())));

-- A base's rotation programmes and its departments' monthly capacities
-- (rotation plans) are its office's alone.
GRANT SELECT, INSERT, UPDATE, DELETE ON rotation_programme, department_capacity
    TO meded_base_admin;
ALTER TABLE rotation_programme ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_office ON rotation_programme TO meded_base_admin
    USING (org_id IN (SELECT meded_orgs()))
    WITH CHECK (org_id IN (SELECT meded_orgs()));
ALTER TABLE department_capacity ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_office ON department_capacity TO meded_base_admin
    USING (department_id IN (SELECT id FROM department WHERE org_id IN (SELECT meded_orgs())))
    WITH CHECK (department_id IN (SELECT id FROM department
                                  WHERE org_id IN (SELECT meded_orgs())));

-- The change log: each sees what concerns its people and organisations,
-- and what it did itself.
ALTER TABLE change_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY meded_write ON change_item FOR INSERT WITH CHECK (true);
CREATE POLICY meded_read ON change_item FOR SELECT USING (
    subject IN (SELECT id_number FROM account)
    OR subject IN (SELECT code FROM org WHERE id IN (SELECT meded_orgs()))
    OR change_id IN (SELECT id FROM change_set WHERE actor = session_user));

-- Only the province approves or returns a submission: a base that tries
-- is refused, whatever row it could otherwise change.
CREATE OR REPLACE FUNCTION meded_review_guard() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.review_status IN ('审核通过', '退回修改')
       AND (TG_OP = 'INSERT' OR NEW.review_status IS DISTINCT FROM OLD.review_status)
       AND NOT meded_unrestricted()
       AND NOT pg_has_role(session_user, 'meded_province_reviewer', 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = 'only a province reviewer approves or returns a submission';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS training_review_guard ON training;
CREATE TRIGGER training_review_guard BEFORE INSERT OR UPDATE ON training
    FOR EACH ROW EXECUTE FUNCTION meded_review_guard();
