-- What only a PostgreSQL database has, beside the tables of schema.sql
-- (which meded creates on both engines from that one file). Created with
-- the schema; `meded db init --roles` then adds the roles and policies of
-- roles.postgres.sql, which use what is defined here.

-- Which organisations each database user administers, as
-- `meded db grant USER --role … --org C` recorded it. Readable only
-- through meded_orgs(): a user learns their own grants, nobody else's.
CREATE TABLE meded_grant (
    username  TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('base-admin', 'province-reviewer', 'cme-office')),
    org_id    BIGINT REFERENCES org(id),
    granted   TEXT NOT NULL,
    UNIQUE (username, role, org_id)
);

-- The organisations the connected user administers.
CREATE FUNCTION meded_orgs() RETURNS SETOF BIGINT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT org_id FROM meded_grant WHERE username = session_user AND org_id IS NOT NULL
$$;

-- Whether the connected user is bound by the policies at all: the owner of
-- the tables and superusers are not (they set the database up).
CREATE FUNCTION meded_unrestricted() RETURNS BOOLEAN
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
        OR coalesce(session_user = (SELECT pg_get_userbyid(relowner) FROM pg_class
                                    WHERE oid = 'account'::regclass), false)
$$;

-- The one way to read a password hash: a person's hash, for checking a
-- password they typed, and only for an account of an organisation the
-- user administers. No role may select the column itself.
CREATE FUNCTION meded_password_hash(p_id_number TEXT) RETURNS TEXT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT a.password_hash FROM account a
    WHERE a.id_number = p_id_number
      AND (meded_unrestricted() OR a.org_id IN (SELECT meded_orgs()))
$$;

-- The change log names who was connected, whatever the command said:
-- `--actor` is kept beside it as a note.
CREATE FUNCTION meded_change_actor() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.actor := session_user;
    RETURN NEW;
END
$$;
CREATE TRIGGER change_set_actor BEFORE INSERT OR UPDATE ON change_set
    FOR EACH ROW EXECUTE FUNCTION meded_change_actor();
