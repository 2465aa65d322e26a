-- Version 6: recruitment (招录) — the applicant role, batches, plans and
-- applications.

-- Accounts take the role 'applicant', whose org_id is NULL. SQLite
-- cannot alter a CHECK constraint, so the table is rebuilt. The old table
-- is renamed away first, with legacy_alter_table on so that the tables
-- referring to account keep referring to "account" (not to the old name);
-- the new table is then created under its own name with the very text of
-- schema.sql. Foreign keys are off while the steps run and are checked
-- before the commit (see `migrate`).
PRAGMA legacy_alter_table = ON;
ALTER TABLE account RENAME TO account_v1;
CREATE TABLE account (
    id              INTEGER PRIMARY KEY,
    id_number       TEXT NOT NULL UNIQUE,
    id_type         TEXT NOT NULL,
    name            TEXT NOT NULL,
    phone           TEXT,
    email           TEXT,
    role            TEXT NOT NULL
                        CHECK (role = 'resident' OR role = 'teacher' OR role = 'member'
                               OR role = 'applicant'),
    -- NULL for an applicant (招录), who belongs to no organisation until
    -- admitted to a base.
    org_id          INTEGER REFERENCES org(id),
    department_id   INTEGER REFERENCES department(id),
    title           TEXT,       -- 技术职称, as written
    -- CME members only (NULL for other roles), docs/domain.md#registration-review:
    -- the unit's review of the registration (单位待审 / 单位审核不过 / 单位审核通过), and
    -- 参加继教 (1 是, 0 否, NULL not stated, taken as 是).
    registration    TEXT CHECK (registration = '单位待审' OR registration = '单位审核不过'
                                OR registration = '单位审核通过'),
    takes_cme       INTEGER CHECK (takes_cme = 0 OR takes_cme = 1),
    password_state  TEXT NOT NULL DEFAULT 'initial'
                        CHECK (password_state = 'initial' OR password_state = 'temporary'
                               OR password_state = 'set'),
    password_hash   TEXT,
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    CHECK ((password_state = 'initial') = (password_hash IS NULL)),
    CHECK ((org_id IS NULL) = (role = 'applicant'))
);
INSERT INTO account (id, id_number, id_type, name, phone, email, role, org_id, department_id, title, registration, takes_cme, password_state, password_hash, created_change)
    SELECT id, id_number, id_type, name, phone, email, role, org_id, department_id, title, registration, takes_cme, password_state, password_hash, created_change FROM account_v1;
DROP TABLE account_v1;
CREATE INDEX account_org ON account(org_id);
PRAGMA legacy_alter_table = OFF;

CREATE TABLE recruit_batch (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,       -- the recruitment year (招收年份)
    name            TEXT NOT NULL,          -- 第一批, 调剂 …
    opens           TEXT NOT NULL,          -- first moment applications are taken
    closes          TEXT NOT NULL,          -- last moment applications are taken
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    UNIQUE (year, name),
    CHECK (opens <= closes)
);

CREATE TABLE recruit_plan (
    batch_id        INTEGER NOT NULL REFERENCES recruit_batch(id),
    org_id          INTEGER NOT NULL REFERENCES org(id),
    specialty       TEXT NOT NULL,          -- 培训专业, as rules::specialty names it
    places          INTEGER NOT NULL CHECK (places >= 0),   -- 计划人数
    change_id       INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (batch_id, org_id, specialty)
) WITHOUT ROWID;

-- An applicant's application in a batch: 已提交, then 审核通过 or 退回 (with
-- the reason), 已取消, 已录取. Applying again after 退回 or 已取消 updates
-- this row (the base and specialty may change).
CREATE TABLE recruit_application (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account(id),
    batch_id        INTEGER NOT NULL REFERENCES recruit_batch(id),
    org_id          INTEGER NOT NULL REFERENCES org(id),
    specialty       TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT '已提交'
                        CHECK (state = '已提交' OR state = '审核通过' OR state = '退回'
                               OR state = '已取消' OR state = '已录取'),
    reason          TEXT,                   -- of the last return (退回)
    submitted_at    TEXT NOT NULL,          -- when it was last submitted
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    state_change    INTEGER REFERENCES change_set(id),
    UNIQUE (account_id, batch_id)
);
CREATE INDEX recruit_application_plan ON recruit_application(batch_id, org_id, specialty);
