-- The meded database: the whole schema, as a new database file gets it.
--
-- An older file is brought up to this by the steps in src/db/migrations/
-- (each one the change from the version before); a test checks that a file
-- migrated step by step ends up with exactly this schema. Never edit a step
-- that has shipped: add the next one, and change this file to match.
--
-- Conventions: dates are ISO 8601 text (2019-09-01), times RFC 3339 with
-- the local offset; code-list values are stored as the Chinese names of the
-- official templates (居民身份证, 在培), which is what administrators read
-- when they open the file with sqlite3.
--
-- On tables that bulk imports fill, a code list is checked with `=`/`OR`
-- rather than `IN (...)`: SQLite evaluates an IN list of three or more
-- values through a temporary index built for every row inserted, which
-- made a million-row import half again as slow.

PRAGMA user_version = 1;

-- One row per command that changed anything: who, when, and the command
-- line (which never holds a password: passwords are only read from stdin).
CREATE TABLE change_set (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    command  TEXT NOT NULL
);

-- What one change set did to one person or organisation, field by field.
-- Creating an account is recorded by account.created_change instead, so
-- that importing a million accounts writes a million rows, not two million.
-- `subject` is the ID number (or organisation code): history outlives a
-- deleted account.
CREATE TABLE change_item (
    id         INTEGER PRIMARY KEY,
    change_id  INTEGER NOT NULL REFERENCES change_set(id),
    subject    TEXT NOT NULL,
    entity     TEXT NOT NULL,   -- account / password / training / org …
    action     TEXT NOT NULL,   -- create / update / delete / reset …
    field      TEXT,            -- the Chinese label of the field, for updates
    before     TEXT,
    after      TEXT,
    note       TEXT
);
CREATE INDEX change_item_subject ON change_item(subject);

-- Training bases (培训基地) and CME institutions (继教单位).
CREATE TABLE org (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    province        TEXT,       -- GB/T 2260 two-digit code
    kind            TEXT NOT NULL CHECK (kind IN ('base', 'cme')),
    region_level    TEXT CHECK (region_level IN
                        ('省级/三级医院', '市州级/二级以下医院', '县级', '乡镇卫生院')),
    created_change  INTEGER NOT NULL REFERENCES change_set(id)
);

-- Departments (科室) of an organisation, as members' rosters name them.
CREATE TABLE department (
    id      INTEGER PRIMARY KEY,
    org_id  INTEGER NOT NULL REFERENCES org(id),
    name    TEXT NOT NULL,
    UNIQUE (org_id, name)
);

-- Accounts. The ID number is the login name: unique, never changed (a
-- wrong one is deleted and imported again). The password is a state:
-- 'initial' means the deployment's default password for the role (no hash
-- is stored; see `setting`), 'temporary' a random one issued by a reset,
-- 'set' one the user chose; the last two are Argon2id PHC strings.
CREATE TABLE account (
    id              INTEGER PRIMARY KEY,
    id_number       TEXT NOT NULL UNIQUE,
    id_type         TEXT NOT NULL,
    name            TEXT NOT NULL,
    phone           TEXT,
    email           TEXT,
    role            TEXT NOT NULL
                        CHECK (role = 'resident' OR role = 'teacher' OR role = 'member'),
    org_id          INTEGER NOT NULL REFERENCES org(id),
    department_id   INTEGER REFERENCES department(id),
    title           TEXT,       -- 技术职称, as written
    password_state  TEXT NOT NULL DEFAULT 'initial'
                        CHECK (password_state = 'initial' OR password_state = 'temporary'
                               OR password_state = 'set'),
    password_hash   TEXT,
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    CHECK ((password_state = 'initial') = (password_hash IS NULL))
);
CREATE INDEX account_org ON account(org_id);

-- A resident's training at a base (培训信息), with the state of its
-- submission to the province. A person has one record per admission; a
-- transfer closes the old one with 退培 and the new base opens its own
-- (seed 004). Recruitment year and base never change once created.
--
-- Submission (seed 004): 上报 sets report_status 已上报 and review_status
-- 待审核; the province approves (审核通过) or returns (退回修改, with a reason,
-- and the record is 未上报 again). Any later change to the record sets it
-- back to 未上报, while review_status keeps the outcome of the last
-- submission, which is what the platform shows.
CREATE TABLE training (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES account(id),
    org_id            INTEGER NOT NULL REFERENCES org(id),
    recruit_year      INTEGER NOT NULL,                  -- 招收年份
    specialty         TEXT,                              -- 培训专业
    person_type       TEXT                               -- 人员类型
                          CHECK (person_type = '本单位人' OR person_type = '委派单位人'
                                 OR person_type = '社会人' OR person_type = '在读研究生'),
    approved_years    INTEGER CHECK (approved_years BETWEEN 1 AND 3),  -- 核定培训年限
    start_date        TEXT,                              -- 培训开始时间
    end_date          TEXT,                              -- 培训结束时间
    status            TEXT NOT NULL DEFAULT '在培'       -- 培训状态
                          CHECK (status = '在培' OR status = '延期' OR status = '暂停'
                                 OR status = '结束' OR status = '结业' OR status = '退培'),
    certificate_no    TEXT,                              -- 住院医师规范化培训合格证书编号
    certificate_date  TEXT,                              -- 合格证书发放时间
    report_status     TEXT NOT NULL DEFAULT '未上报'
                          CHECK (report_status = '未上报' OR report_status = '已上报'),
    review_status     TEXT CHECK (review_status = '待审核' OR review_status = '审核通过'
                                  OR review_status = '退回修改'),
    review_reason     TEXT,
    created_change    INTEGER NOT NULL REFERENCES change_set(id)
);
CREATE INDEX training_account ON training(account_id);
CREATE INDEX training_org_year ON training(org_id, recruit_year);

-- Yearly collections (采集批次, seed 004): the window in which bases enter
-- and submit, and the province's review window. When a new-recruit
-- collection closes, that year's recruitment data is locked; an in-training
-- update collection reopens the earlier years while it runs.
CREATE TABLE collection (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('新招收', '在培更新', '结业补报')),
    opens           TEXT NOT NULL,
    closes          TEXT NOT NULL,
    review_until    TEXT,
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    UNIQUE (year, kind)
);

-- Deployment settings. The default password of a role is kept only as an
-- Argon2id hash (key 'default_password.<role>'); without one, the defaults
-- of the platforms apply (000000 for residents and teachers, 111111 for
-- CME members).
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
