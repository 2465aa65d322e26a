//! Opening the database: an SQLite file (pragmas, the schema of a new
//! file, migrating an older one forward) or a PostgreSQL server (a
//! `postgres://` URL). Every command opens the database through [`open`]
//! and writes through [`write`]; both engines are spoken through [`sql`].

use std::fs::OpenOptions;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub mod batch;
pub mod features;
pub mod postgres;
pub mod sql;

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;

/// The whole schema, as a new database gets it.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// One step forward: the SQL that turns a database of `version - 1` into
/// one of `version`.
pub struct Migration {
    pub version: i32,
    pub sql: &'static str,
    /// The step on a server when [`postgres::schema`] of `sql` would not
    /// do (a table SQLite can only rebuild, which a server alters in place
    /// and so keeps its grants and policies).
    pub server: Option<&'static str>,
}

/// Version 3: teachers (师资), their evidence, recommendations and
/// thresholds, and residents' rotations with their teachers (issue 11).
/// The same statements as the teachers section of schema.sql.
const TEACHERS_AND_ROTATIONS: &str = r#"
CREATE TABLE teacher (
    account_id         INTEGER PRIMARY KEY REFERENCES account(id),
    sex                TEXT CHECK (sex = '男' OR sex = '女'),
    birth_date         TEXT,
    ethnicity          TEXT,
    has_qualification  TEXT CHECK (has_qualification = '是' OR has_qualification = '否'),
    qualification_on   TEXT,       -- 取得证书时间
    licence_level      TEXT CHECK (licence_level = '执业医师' OR licence_level = '执业助理医师'),
    licence_category   TEXT CHECK (licence_category = '临床' OR licence_category = '口腔'
                                   OR licence_category = '公共卫生' OR licence_category = '中医'),
    qualification_no   TEXT,       -- 医师资格证书编码, ends with the ID number
    education          TEXT CHECK (education = '中专' OR education = '大专' OR education = '本科'
                                   OR education = '硕士' OR education = '博士'),
    title_on           TEXT,       -- 取得中级职称时间: eligibility counts from it
    practice_no        TEXT,       -- 执业医师证号 (医师执业证书编码, 15 digits)
    teaching_since     TEXT,       -- 带教任职时间
    level              TEXT NOT NULL DEFAULT '一般' CHECK (level = '一般' OR level = '骨干'),
    training_level     TEXT CHECK (training_level = '院级' OR training_level = '市级'
                                   OR training_level = '省级' OR training_level = '国家级'),
    training_on        TEXT,       -- 取得师资培训证书时间
    created_change     INTEGER NOT NULL REFERENCES change_set(id),
    updated_change     INTEGER NOT NULL REFERENCES change_set(id),
    CHECK (level = '一般' OR training_level = '省级' OR training_level = '国家级')
);

-- The evidence of eligibility (师资记录): medical damage incidents with
-- their responsibility, teaching accidents with their grade, and the
-- trainees' yearly evaluation of teaching quality. `at` is the day of an
-- incident or accident, the year rated by an evaluation. An event is never
-- changed or deleted: a wrong one is withdrawn (已撤回) with the reason, and
-- importing it again is skipped. One evaluation in force per teacher and year.
CREATE TABLE teacher_event (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES account(id),
    kind              TEXT NOT NULL
                          CHECK (kind = '医疗损害事件' OR kind = '教学事故' OR kind = '带教评价'),
    at                TEXT NOT NULL,
    grade             TEXT NOT NULL,   -- 责任程度, 等级 or 结果
    note              TEXT,            -- 说明
    status            TEXT NOT NULL DEFAULT '有效' CHECK (status = '有效' OR status = '已撤回'),
    withdraw_reason   TEXT,
    created_change    INTEGER NOT NULL REFERENCES change_set(id),
    withdrawn_change  INTEGER REFERENCES change_set(id),
    CHECK (kind = '医疗损害事件' AND (grade = '完全' OR grade = '主要' OR grade = '次要' OR grade = '轻微')
           OR kind = '教学事故' AND (grade = '重大' OR grade = '严重' OR grade = '一般')
           OR kind = '带教评价' AND (grade = '合格' OR grade = '不合格')),
    CHECK ((status = '已撤回') = (withdraw_reason IS NOT NULL))
);
CREATE UNIQUE INDEX teacher_event_key ON teacher_event(account_id, kind, at, grade);
CREATE UNIQUE INDEX teacher_event_rating ON teacher_event(account_id, at)
    WHERE kind = '带教评价' AND status = '有效';

-- The teaching office's decision for a year (教学部推荐聘任): 推荐 or 不推荐
-- (with the reason). No row is 待审核. `override` holds why an ineligible
-- teacher was recommended all the same.
CREATE TABLE teacher_appointment (
    org_id      INTEGER NOT NULL REFERENCES org(id),
    year        INTEGER NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES account(id),
    status      TEXT NOT NULL CHECK (status = '推荐' OR status = '不推荐'),
    reason      TEXT,
    override    TEXT,
    change_id   INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, year, account_id)
) WITHOUT ROWID;

-- Stricter thresholds of a department (per-specialty settings, none unless
-- configured): years as attending (中级) or higher, and the lowest 最高学历.
CREATE TABLE teacher_threshold (
    department_id  INTEGER PRIMARY KEY REFERENCES department(id),
    years          INTEGER NOT NULL CHECK (years BETWEEN 3 AND 30),
    education      TEXT CHECK (education = '大专' OR education = '本科'
                               OR education = '硕士' OR education = '博士'),
    change_id      INTEGER NOT NULL REFERENCES change_set(id)
);

-- Rotations (轮转): a resident in a department of the base from a day to a
-- day, both included, with the teacher assigned (分配带教老师) or none yet.
-- A resident's rotations never overlap.
CREATE TABLE rotation (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES account(id),
    org_id           INTEGER NOT NULL REFERENCES org(id),
    department_id    INTEGER NOT NULL REFERENCES department(id),
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    teacher_id       INTEGER REFERENCES account(id),
    created_change   INTEGER NOT NULL REFERENCES change_set(id),
    assigned_change  INTEGER REFERENCES change_set(id),
    CHECK (start_date <= end_date),
    CHECK ((teacher_id IS NULL) = (assigned_change IS NULL))
);
CREATE INDEX rotation_account ON rotation(account_id, start_date);
CREATE INDEX rotation_org ON rotation(org_id, department_id, start_date);
CREATE INDEX rotation_teacher ON rotation(teacher_id, start_date);
"#;

/// Every step since version 1, in order. Version 1 has no step: a new file
/// gets [`SCHEMA`] whole.
/// Version 7: the change log keeps what `--actor` said beside the actor a
/// server knows (the connected database user).
const CHANGE_NOTE: &str = "ALTER TABLE change_set ADD COLUMN note TEXT;";

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 2,
        sql: STANDARD_PROVINCE,
        server: None,
    },
    Migration {
        version: 3,
        sql: TEACHERS_AND_ROTATIONS,
        server: None,
    },
    Migration {
        version: 4,
        sql: ARCHIVE,
        server: None,
    },
    Migration {
        version: 5,
        sql: SIGNING_KEYS,
        server: None,
    },
    Migration {
        version: 6,
        sql: RECRUITMENT,
        server: None,
    },
    Migration {
        version: 7,
        sql: CHANGE_NOTE,
        server: None,
    },
    Migration {
        version: 8,
        sql: CREDIT_PROJECTS,
        server: Some(CREDIT_PROJECTS_SERVER),
    },
    Migration {
        version: 9,
        sql: KEYS_AND_ONE_VALID_CERTIFICATE,
        server: None,
    },
    Migration {
        version: 10,
        sql: TEACHER_APPLICATIONS,
        server: Some(TEACHER_APPLICATIONS_SERVER),
    },
    Migration {
        version: 11,
        sql: SEED_GAPS,
        server: None,
    },
    Migration {
        version: 12,
        sql: ROTATION_PLANS,
        server: Some(ROTATION_PLANS_SERVER),
    },
    Migration {
        version: 13,
        sql: STATUS_LISTS,
        server: Some(STATUS_LISTS_SERVER),
    },
    Migration {
        version: 14,
        sql: CERTIFICATE_VOID,
        server: Some(CERTIFICATE_VOID_SERVER),
    },
];

/// Version 10: the teachers' form as the platform has it (健康状况, the
/// three images, 是否获得医师资格证书 with its third answer) and their
/// applications (报名批次, 师资报名申请). SQLite changes a CHECK only by
/// building the table anew (see version 6): teacher is renamed away, made
/// again as schema.sql has it, and every row copied with its data, the new
/// columns empty. Decisions recorded before stay as they are, without an
/// application.
const TEACHER_APPLICATIONS: &str = r#"
PRAGMA legacy_alter_table = ON;
ALTER TABLE teacher RENAME TO teacher_v9;
CREATE TABLE teacher (
    account_id         INTEGER PRIMARY KEY REFERENCES account(id),
    sex                TEXT CHECK (sex = '男' OR sex = '女'),
    birth_date         TEXT,
    ethnicity          TEXT,
    health             TEXT CHECK (health = '健康或良好' OR health = '一般或较弱'
                                   OR health = '有慢性病' OR health = '残疾'),
    id_scan            TEXT,
    photo              TEXT,
    has_qualification  TEXT CHECK (has_qualification = '是' OR has_qualification = '否'
                                   OR has_qualification = '已通过考试,尚未发放证书'),
    qualification_on   TEXT,
    licence_level      TEXT CHECK (licence_level = '执业医师' OR licence_level = '执业助理医师'),
    licence_category   TEXT CHECK (licence_category = '临床' OR licence_category = '口腔'
                                   OR licence_category = '公共卫生' OR licence_category = '中医'),
    qualification_no   TEXT,
    qualification_scan TEXT,
    education          TEXT CHECK (education = '中专' OR education = '大专' OR education = '本科'
                                   OR education = '硕士' OR education = '博士'),
    title_on           TEXT,
    practice_no        TEXT,
    teaching_since     TEXT,
    level              TEXT NOT NULL DEFAULT '一般' CHECK (level = '一般' OR level = '骨干'),
    training_level     TEXT CHECK (training_level = '院级' OR training_level = '市级'
                                   OR training_level = '省级' OR training_level = '国家级'),
    training_on        TEXT,
    created_change     INTEGER NOT NULL REFERENCES change_set(id),
    updated_change     INTEGER NOT NULL REFERENCES change_set(id),
    CHECK (level = '一般' OR training_level = '省级' OR training_level = '国家级')
);
INSERT INTO teacher (account_id, sex, birth_date, ethnicity, has_qualification, qualification_on,
                     licence_level, licence_category, qualification_no, education, title_on,
                     practice_no, teaching_since, level, training_level, training_on,
                     created_change, updated_change)
    SELECT account_id, sex, birth_date, ethnicity, has_qualification, qualification_on,
           licence_level, licence_category, qualification_no, education, title_on,
           practice_no, teaching_since, level, training_level, training_on,
           created_change, updated_change
    FROM teacher_v9;
DROP TABLE teacher_v9;
PRAGMA legacy_alter_table = OFF;

CREATE TABLE teacher_batch (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    year            INTEGER NOT NULL,
    created_change  INTEGER NOT NULL REFERENCES change_set(id)
);
CREATE TABLE teacher_application (
    org_id          INTEGER NOT NULL REFERENCES org(id),
    year            INTEGER NOT NULL,
    account_id      INTEGER NOT NULL REFERENCES account(id),
    batch_id        INTEGER NOT NULL REFERENCES teacher_batch(id),
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, year, account_id)
) WITHOUT ROWID;
CREATE INDEX teacher_application_batch ON teacher_application(batch_id);
"#;

/// Version 10 on a server: teacher altered in place, so that its grants
/// and row-level policies stay. The new tables get theirs when `meded db
/// init --roles` runs again after the upgrade (until then only the owner
/// reaches them).
const TEACHER_APPLICATIONS_SERVER: &str = r#"
ALTER TABLE teacher
    DROP CONSTRAINT teacher_has_qualification_check,
    ADD CONSTRAINT teacher_has_qualification_check
        CHECK (has_qualification = '是' OR has_qualification = '否'
               OR has_qualification = '已通过考试,尚未发放证书'),
    ADD COLUMN health TEXT CHECK (health = '健康或良好' OR health = '一般或较弱'
                                  OR health = '有慢性病' OR health = '残疾'),
    ADD COLUMN id_scan TEXT,
    ADD COLUMN photo TEXT,
    ADD COLUMN qualification_scan TEXT;
CREATE TABLE teacher_batch (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    year            BIGINT NOT NULL,
    created_change  BIGINT NOT NULL REFERENCES change_set(id)
);
CREATE TABLE teacher_application (
    org_id          BIGINT NOT NULL REFERENCES org(id),
    year            BIGINT NOT NULL,
    account_id      BIGINT NOT NULL REFERENCES account(id),
    batch_id        BIGINT NOT NULL REFERENCES teacher_batch(id),
    created_change  BIGINT NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, year, account_id)
);
CREATE INDEX teacher_application_batch ON teacher_application(batch_id);
"#;

/// Version 13: the status lists of standard credentials and each
/// certificate's entry on one, as in schema.sql.
const STATUS_LISTS: &str = "CREATE TABLE status_list (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,
    size        INTEGER NOT NULL CHECK (size >= 131072),
    created_at  TEXT NOT NULL
);
CREATE TABLE status_entry (
    list_id  INTEGER NOT NULL REFERENCES status_list(id),
    idx      INTEGER NOT NULL CHECK (idx >= 0),
    code     TEXT NOT NULL UNIQUE,
    PRIMARY KEY (list_id, idx)
) WITHOUT ROWID;";

/// Version 13 on a server: the same tables, and the offices that issue
/// certificates may draw entries (as roles.postgres.sql grants).
const STATUS_LISTS_SERVER: &str = r#"
CREATE TABLE status_list (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,
    size        BIGINT NOT NULL CHECK (size >= 131072),
    created_at  TEXT NOT NULL
);
CREATE TABLE status_entry (
    list_id  BIGINT NOT NULL REFERENCES status_list(id),
    idx      BIGINT NOT NULL CHECK (idx >= 0),
    code     TEXT NOT NULL UNIQUE,
    PRIMARY KEY (list_id, idx)
);
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meded_cme_office') THEN
        GRANT SELECT ON status_list, status_entry
            TO meded_base_admin, meded_province_reviewer, meded_cme_office;
        GRANT INSERT, UPDATE (size) ON status_list TO meded_base_admin, meded_cme_office;
        GRANT INSERT ON status_entry TO meded_base_admin, meded_cme_office;
        EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO meded_base_admin, meded_cme_office',
                       pg_get_serial_sequence('status_list', 'id'));
    END IF;
END
$$;
"#;

/// Version 12: rotation programmes and departments' monthly capacities,
/// from which `rotation plan` places residents. The same statements as
/// the rotation plans section of schema.sql.
const ROTATION_PLANS: &str = r#"
CREATE TABLE rotation_programme (
    org_id         INTEGER NOT NULL REFERENCES org(id),
    specialty      TEXT NOT NULL,
    position       INTEGER NOT NULL CHECK (position >= 1),
    department_id  INTEGER NOT NULL REFERENCES department(id),
    months         INTEGER NOT NULL CHECK (months BETWEEN 1 AND 36),
    sequence       INTEGER CHECK (sequence BETWEEN 1 AND 99),
    change_id      INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, specialty, position)
) WITHOUT ROWID;
CREATE TABLE department_capacity (
    department_id  INTEGER NOT NULL REFERENCES department(id),
    month          TEXT CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    capacity       INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
    change_id      INTEGER NOT NULL REFERENCES change_set(id)
);
CREATE UNIQUE INDEX department_capacity_key ON department_capacity(department_id, (coalesce(month, '')));
"#;

/// Version 12 on a server: the same tables. Where the roles exist already
/// (`db init --roles` ran before), the upgrade makes them again, with the
/// grants and policies roles.postgres.sql gives these tables.
const ROTATION_PLANS_SERVER: &str = r#"
CREATE TABLE rotation_programme (
    org_id         BIGINT NOT NULL REFERENCES org(id),
    specialty      TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 1),
    department_id  BIGINT NOT NULL REFERENCES department(id),
    months         BIGINT NOT NULL CHECK (months BETWEEN 1 AND 36),
    sequence       BIGINT CHECK (sequence BETWEEN 1 AND 99),
    change_id      BIGINT NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, specialty, position)
);
CREATE TABLE department_capacity (
    department_id  BIGINT NOT NULL REFERENCES department(id),
    month          TEXT CHECK (month ~ '^[0-9][0-9][0-9][0-9]-[01][0-9]$'),
    capacity       BIGINT NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
    change_id      BIGINT NOT NULL REFERENCES change_set(id)
);
CREATE UNIQUE INDEX department_capacity_key ON department_capacity(department_id, (coalesce(month, '')));
"#;

/// Version 11, as in schema.sql: a member's 学分达标遵照 and the
/// institution's city and district (registration); a credit record's
/// 上传图片; the profile's 其他毕业专业 and 工作信息; the code lists a
/// province imports. Every column is new and empty: a member refused
/// before stays refused until imported again.
const SEED_GAPS: &str = r#"
ALTER TABLE org ADD COLUMN city TEXT;
ALTER TABLE org ADD COLUMN district TEXT;
ALTER TABLE account ADD COLUMN standard_region TEXT CHECK (standard_region = '省级/三级医院'
                                OR standard_region = '市州级/二级以下医院'
                                OR standard_region = '县级' OR standard_region = '乡镇卫生院');
ALTER TABLE credit ADD COLUMN image TEXT;
ALTER TABLE profile_education ADD COLUMN other_major TEXT;
CREATE TABLE profile_work (
    account_id      INTEGER NOT NULL REFERENCES account(id),
    seq             INTEGER NOT NULL,
    employer        TEXT,
    department      TEXT,
    position        TEXT,
    start_on        TEXT,
    end_on          TEXT,
    raw             TEXT,
    PRIMARY KEY (account_id, seq)
) WITHOUT ROWID;
CREATE TABLE code_entry (
    list       TEXT NOT NULL CHECK (list = 'school' OR list = 'major' OR list = 'subject'),
    name       TEXT NOT NULL,
    code       TEXT,
    change_id  INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (list, name)
) WITHOUT ROWID;
"#;

/// Version 14: one word for a certificate withdrawn by the office, 已作废
/// (作废, as everything meded says and writes has it), where version 8
/// stored 已撤销. SQLite changes a CHECK constraint only by building the
/// table anew (as for version 6); its index is made again.
const CERTIFICATE_VOID: &str = r#"
PRAGMA legacy_alter_table = ON;
ALTER TABLE certificate RENAME TO certificate_v8;
CREATE TABLE certificate (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,   -- 12 symbols of Crockford's base 32, no dashes
    account_id      INTEGER NOT NULL REFERENCES account(id),
    from_year       INTEGER NOT NULL,
    to_year         INTEGER NOT NULL CHECK (to_year >= from_year),
    kind            TEXT NOT NULL CHECK (kind = 'all' OR kind = '1' OR kind = '2'),
    -- What it states, as printed: 姓名, 单位, 职称, the title's province,
    -- 认证机构 and the issuing line.
    name            TEXT NOT NULL,
    org_name        TEXT NOT NULL,
    title           TEXT NOT NULL,
    province        TEXT NOT NULL,
    authority       TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    years           TEXT NOT NULL,   -- JSON: per year the sums printed and the record count
    credit_ids      TEXT NOT NULL,   -- JSON: the credit(id) listed, in printed order
    digest          TEXT NOT NULL,   -- SHA-256 of the text (hex)
    issue_date      TEXT NOT NULL,   -- the date printed
    issued_at       TEXT NOT NULL,   -- when it was issued
    status          TEXT NOT NULL DEFAULT '有效'
                        CHECK (status = '有效' OR status = '已作废' OR status = '已被替代'),
    superseded_by   INTEGER REFERENCES certificate(id),
    revoke_reason   TEXT,
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    status_change   INTEGER REFERENCES change_set(id),
    CHECK (status <> '已被替代' OR superseded_by IS NOT NULL),
    CHECK (status <> '已作废' OR revoke_reason IS NOT NULL)
);
INSERT INTO certificate (id, code, account_id, from_year, to_year, kind, name, org_name, title,
                         province, authority, issuer, years, credit_ids, digest, issue_date,
                         issued_at, status, superseded_by, revoke_reason, created_change,
                         status_change)
    SELECT id, code, account_id, from_year, to_year, kind, name, org_name, title, province,
           authority, issuer, years, credit_ids, digest, issue_date, issued_at,
           CASE status WHEN '已撤销' THEN '已作废' ELSE status END,
           superseded_by, revoke_reason, created_change, status_change
    FROM certificate_v8 ORDER BY id;
DROP TABLE certificate_v8;
CREATE INDEX certificate_member ON certificate(account_id, from_year, to_year, kind);
CREATE UNIQUE INDEX certificate_valid ON certificate(account_id, from_year, to_year, kind)
    WHERE status = '有效';
PRAGMA legacy_alter_table = OFF;
"#;

/// Version 14 on a server: the constraints that name 已撤销 replaced in
/// place, so that the table keeps its grants and policies.
const CERTIFICATE_VOID_SERVER: &str = r#"
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'certificate'::regclass AND contype = 'c'
               AND pg_get_constraintdef(oid) LIKE '%已撤销%'
    LOOP
        EXECUTE format('ALTER TABLE certificate DROP CONSTRAINT %I', c.conname);
    END LOOP;
END
$$;
UPDATE certificate SET status = '已作废' WHERE status = '已撤销';
ALTER TABLE certificate
    ADD CHECK (status = '有效' OR status = '已作废' OR status = '已被替代'),
    ADD CHECK (status <> '已作废' OR revoke_reason IS NOT NULL);
"#;

/// Version 9: the organisations a signing key signs for, and one valid
/// certificate per member, span and kind as a constraint (a unique index),
/// as in schema.sql. Two certificates that runs at the same moment left
/// valid are settled first: the later one stays valid and supersedes the
/// earlier.
const KEYS_AND_ONE_VALID_CERTIFICATE: &str = r#"
CREATE TABLE signing_key_org (
    key_id  TEXT NOT NULL REFERENCES signing_key(key_id),
    org_id  INTEGER NOT NULL REFERENCES org(id),
    PRIMARY KEY (key_id, org_id)
) WITHOUT ROWID;
UPDATE certificate SET status = '已被替代',
    superseded_by = (SELECT max(c.id) FROM certificate c
                     WHERE c.account_id = certificate.account_id
                       AND c.from_year = certificate.from_year AND c.to_year = certificate.to_year
                       AND c.kind = certificate.kind AND c.status = '有效')
WHERE status = '有效'
  AND id < (SELECT max(c.id) FROM certificate c
            WHERE c.account_id = certificate.account_id
              AND c.from_year = certificate.from_year AND c.to_year = certificate.to_year
              AND c.kind = certificate.kind AND c.status = '有效');
CREATE UNIQUE INDEX certificate_valid ON certificate(account_id, from_year, to_year, kind)
    WHERE status = '有效';
"#;

/// Version 8: the texts credit records share with their project stored
/// once, in credit_project, as in schema.sql. The credit table
/// is built anew without them (SQLite drops columns only by rebuilding a
/// table that has constraints on others); each record keeps its id and
/// points to the project of exactly its texts. A NULL text is a text of
/// its own (`IS`, not `=`).
const CREDIT_PROJECTS: &str = r#"
CREATE TABLE credit_project (
    id          INTEGER PRIMARY KEY,
    project_no  TEXT NOT NULL,
    name        TEXT NOT NULL,      -- 项目名称
    form        TEXT,               -- 学分获取形式
    organizer   TEXT,               -- 主办单位
    subject     TEXT,               -- 学科分类, "一级/二级"
    UNIQUE (project_no, name, form, organizer, subject)
);
INSERT INTO credit_project (project_no, name, form, organizer, subject)
    SELECT project_no, project_name, form, organizer, subject FROM credit
    GROUP BY project_no, project_name, form, organizer, subject ORDER BY min(id);
PRAGMA legacy_alter_table = ON;
ALTER TABLE credit RENAME TO credit_v6;
CREATE TABLE credit (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account(id),
    project_no      TEXT NOT NULL,
    project_id      INTEGER NOT NULL REFERENCES credit_project(id),
    credits         INTEGER NOT NULL CHECK (credits > 0 AND credits <= 250),
    kind            TEXT NOT NULL
                        CHECK (kind = '国家级I类' OR kind = '省级I类' OR kind = 'II类'),
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    year            INTEGER NOT NULL,  -- 举办年度
    remark          TEXT,
    status          TEXT NOT NULL DEFAULT '待审'
                        CHECK (status = '待审' OR status = '审核通过' OR status = '审核不过'),
    review_reason   TEXT,
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    reviewed_change INTEGER REFERENCES change_set(id),
    UNIQUE (account_id, project_no)
);
INSERT INTO credit (id, account_id, project_no, project_id, credits, kind, start_date, end_date,
                    year, remark, status, review_reason, created_change, reviewed_change)
    SELECT c.id, c.account_id, c.project_no, p.id, c.credits, c.kind, c.start_date, c.end_date,
           c.year, c.remark, c.status, c.review_reason, c.created_change, c.reviewed_change
    FROM credit_v6 c JOIN credit_project p
      ON p.project_no = c.project_no AND p.name = c.project_name AND p.form IS c.form
         AND p.organizer IS c.organizer AND p.subject IS c.subject
    ORDER BY c.id;
DROP TABLE credit_v6;
CREATE INDEX credit_member ON credit(account_id, year, kind, status);
PRAGMA legacy_alter_table = OFF;
"#;

/// Version 8 on a server: the same projects, the credit table altered in
/// place so that its grants and row-level policies stay.
const CREDIT_PROJECTS_SERVER: &str = r#"
CREATE TABLE credit_project (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    project_no  TEXT NOT NULL,
    name        TEXT NOT NULL,
    form        TEXT,
    organizer   TEXT,
    subject     TEXT,
    UNIQUE (project_no, name, form, organizer, subject)
);
INSERT INTO credit_project (project_no, name, form, organizer, subject)
    SELECT project_no, project_name, form, organizer, subject FROM credit
    GROUP BY project_no, project_name, form, organizer, subject ORDER BY min(id);
ALTER TABLE credit ADD COLUMN project_id BIGINT REFERENCES credit_project(id);
UPDATE credit c SET project_id = p.id FROM credit_project p
    WHERE p.project_no = c.project_no AND p.name = c.project_name
      AND p.form IS NOT DISTINCT FROM c.form
      AND p.organizer IS NOT DISTINCT FROM c.organizer
      AND p.subject IS NOT DISTINCT FROM c.subject;
ALTER TABLE credit ALTER COLUMN project_id SET NOT NULL,
    DROP COLUMN project_name, DROP COLUMN form, DROP COLUMN organizer,
    DROP COLUMN subject;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meded_base_admin') THEN
        GRANT SELECT, INSERT ON credit_project TO meded_base_admin, meded_cme_office;
        EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO meded_base_admin, meded_cme_office',
                       pg_get_serial_sequence('credit_project', 'id'));
    END IF;
END
$$;
"#;

/// Version 6: recruitment (招录) — the applicant role, batches, plans and
/// applications.
const RECRUITMENT: &str = r#"
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
"#;

/// Version 5: the public keys that sign certificates (issue 14), as in
/// schema.sql.
const SIGNING_KEYS: &str = "CREATE TABLE signing_key (
    key_id          TEXT PRIMARY KEY,  -- 16 hex digits: the start of the SHA-256 of the public key
    public_key      TEXT NOT NULL,     -- Ed25519, 64 hex digits
    added_at        TEXT NOT NULL,
    created_change  INTEGER NOT NULL REFERENCES change_set(id)
);";

/// Credit standards per province (issue 10): a standards table belongs to
/// a province, and a code is unique within a province's version. The
/// tables of version 1 were Sichuan's (the shipped SCJA table, and any
/// imported: the import had no province), so they become 51 四川.
///
/// SQLite changes a table's constraints only by building it anew. The old
/// table is renamed out of the way first, so that the new one is created
/// under its own name exactly as schema.sql has it; `legacy_alter_table`
/// keeps that rename from rewriting member_standard's reference to
/// credit_standard (foreign keys are off while steps run, see `migrate`).
const STANDARD_PROVINCE: &str = "
PRAGMA legacy_alter_table = ON;
ALTER TABLE credit_standard RENAME TO credit_standard_v1;
CREATE TABLE credit_standard (
    id              INTEGER PRIMARY KEY,
    province        TEXT NOT NULL,                              -- GB/T 2260 two-digit code
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    region_level    TEXT CHECK (region_level IN
                        ('省级/三级医院', '市州级/二级以下医院', '县级', '乡镇卫生院')),
    title_level     TEXT CHECK (title_level IN ('高级', '中级', '初级', '无职称')),
    national_1      INTEGER NOT NULL CHECK (national_1 >= 0),   -- 国家级I类, per window
    national_years  INTEGER NOT NULL CHECK (national_years BETWEEN 1 AND 10),
    class_1         INTEGER NOT NULL CHECK (class_1 >= 0),      -- 省级I类学分: class I per year
    class_2         INTEGER NOT NULL CHECK (class_2 >= 0),      -- II类 per year
    total           INTEGER NOT NULL CHECK (total >= 0),        -- per year
    from_year       INTEGER NOT NULL,
    created_change  INTEGER REFERENCES change_set(id),
    UNIQUE (province, from_year, code)
);
INSERT INTO credit_standard
    (id, province, code, name, region_level, title_level, national_1, national_years,
     class_1, class_2, total, from_year, created_change)
SELECT id, '51', code, name, region_level, title_level, national_1, national_years,
       class_1, class_2, total, from_year, created_change
FROM credit_standard_v1;
DROP TABLE credit_standard_v1;
PRAGMA legacy_alter_table = OFF;
";

/// Version 4: the CME technical archive (issue 13), and the index of the
/// office's queries across its members' credits, as in schema.sql.
const ARCHIVE: &str = r#"
-- ====================================================================
-- CME technical archive (技术档案) and the office's queries (issue 13)
-- ====================================================================
--
-- Every change proposed to a member's archive, and the archive as the
-- unit approved it. An import records the archive as it proposes it
-- (`after`), 待审核 — at most one per member; the unit approves it
-- (审核通过: it becomes the archive) or rejects it (审核不通过, with the
-- reason: the archive stays as it was); a later import before the review
-- replaces it (已替代). When a change is decided, the approved archive it
-- was decided against is kept in `before`, so that 变更详情 shows every
-- change as it was. Both are JSON objects keyed by the platform's labels:
-- {"个人基本信息": {"姓名": "…", …}, "教育经历": [{"开始时间": "…", …}], …};
-- a photo is the absolute path of its JPEG file. Transfers between units
-- (调动记录) are read from the change log (the account's 机构).
CREATE TABLE archive_change (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account(id),
    status          TEXT NOT NULL DEFAULT '待审核'
                        CHECK (status = '待审核' OR status = '审核通过'
                               OR status = '审核不通过' OR status = '已替代'),
    after           TEXT NOT NULL,
    before          TEXT,
    review_reason   TEXT,
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    decided_change  INTEGER REFERENCES change_set(id)
);
CREATE INDEX archive_change_account ON archive_change(account_id);
-- One change awaiting review per member; the units' queues.
CREATE UNIQUE INDEX archive_change_pending ON archive_change(account_id)
    WHERE status = '待审核';

CREATE TABLE archive (
    account_id  INTEGER PRIMARY KEY REFERENCES account(id),
    content     TEXT NOT NULL,
    change_id   INTEGER NOT NULL REFERENCES archive_change(id)
);

-- The office's queries across its members' credits (`credit list --org`):
-- the records of each member by year, type and state, read from the index
-- alone, without a visit to the table per record.
CREATE INDEX credit_member ON credit(account_id, year, kind, status);
"#;

/// The page size of a new database file, in bytes: twice SQLite's default.
/// The imports of a province's year write hundreds of megabytes of pages;
/// with 8 KiB pages there are half as many, each with half the per-page
/// work (headers, balancing, WAL frames) per row (1,000,000 accounts:
/// 4.1 → 3.8 s; 5,000,000 credit records: 20.1 → 17.7 s,
/// docs/performance.md). A file made with another page size keeps it.
pub const PAGE_SIZE: i64 = 8192;

/// How long a command waits for another meded process to finish writing
/// before it gives up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The version [`SCHEMA`] declares (`PRAGMA user_version = N;`).
pub fn schema_version() -> i32 {
    SCHEMA
        .lines()
        .find_map(|l| l.trim().strip_prefix("PRAGMA user_version = "))
        .and_then(|v| v.trim_end_matches(';').trim().parse().ok())
        .unwrap_or(0)
}

/// Begins the transaction of a command that writes. Every write goes
/// through here.
///
/// The transaction is IMMEDIATE: it takes the write lock at once, waiting
/// up to [`BUSY_TIMEOUT`] for another writer to finish. A deferred
/// transaction would read first and ask for the lock only at its first
/// write; in WAL mode that upgrade fails at once with "database is locked"
/// whenever another process committed in between, whatever the timeout,
/// because the snapshot it read is stale. Taking the lock first makes
/// concurrent commands queue instead of fail.
///
/// On PostgreSQL a transaction reads committed data and rows are locked as
/// they are written; the rules that span rows (one person bound to one
/// base) lock what they read (see `training::bound_elsewhere`).
pub fn write(conn: &mut sql::Connection) -> Result<sql::Transaction<'_>> {
    Ok(conn.transaction_immediate()?)
}

/// Whether the connected user is bound by a server's row-level policies
/// (an office's role), rather than the owner of the tables or a superuser;
/// never on a file, which whoever opens it may change whole.
pub fn restricted(conn: &sql::Connection) -> Result<bool> {
    if !conn.is_postgres() {
        return Ok(false);
    }
    Ok(conn.query_row("SELECT NOT meded_unrestricted()", [], |r| r.get(0))?)
}

/// Locks the people with these account ids for the rest of the
/// transaction, against other commands that lock them too: a rule about
/// a person's rows that a read cannot keep by itself (one valid
/// certificate per member, span and kind) holds when two commands run at
/// once. On a server an advisory lock per person, taken in id order (two
/// commands locking overlapping people never wait for each other in a
/// circle); a file has one writer at a time already.
pub fn lock_people(conn: &sql::Connection, account_ids: &[i64]) -> Result<()> {
    if !conn.is_postgres() || account_ids.is_empty() {
        return Ok(());
    }
    let mut ids = account_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    // Ids are numbers: the list is no SQL of anyone's.
    conn.execute_batch(&format!(
        "SELECT count(pg_advisory_xact_lock({PEOPLE_LOCK}, id::int4))
         FROM (SELECT unnest(ARRAY[{}]::bigint[]) AS id ORDER BY 1) ids",
        list.join(",")
    ))?;
    Ok(())
}

/// The first key of the advisory locks of [`lock_people`].
const PEOPLE_LOCK: i32 = 7_373_658;

/// Makes commands that work on one organisation's rows as a whole (a plan
/// reads a base's rotations and adds to them) wait for each other: on a
/// server, a lock held to the end of the transaction on (`what`, the
/// organisation). An SQLite write transaction is alone already.
pub fn lock(tx: &sql::Connection, what: i64, org_id: i64) -> Result<()> {
    if tx.is_postgres() {
        let key = (what << 24) ^ org_id;
        tx.query_row("SELECT pg_advisory_xact_lock(?1)", [key], |_| Ok(()))?;
    }
    Ok(())
}

/// Whether `target` names a PostgreSQL server rather than an SQLite file.
pub fn is_url(target: &Path) -> bool {
    target
        .to_str()
        .is_some_and(|t| t.starts_with("postgres://") || t.starts_with("postgresql://"))
}

fn not_a_database(path: &Path) -> Error {
    let p = path.display();
    Error::Database {
        msg: msg!(
            "{p} 不是 meded 数据库文件",
            "{p} is not a meded database file"
        ),
        source: None,
    }
}

fn classify(path: &Path, e: rusqlite::Error) -> Error {
    let e = sql::Error::from(e);
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_a_database(path),
        _ => {
            let p = path.display();
            Error::Database {
                msg: msg!("无法打开数据库 {p}", "cannot open the database {p}"),
                source: Some(e),
            }
        }
    }
}

/// What a command means to do with its database, which decides whether a
/// database that is not there yet is created. A command that only reads,
/// or changes what is already there, never creates one: a typo in `--db`,
/// or a command run in the wrong folder, must not leave a new empty
/// database behind and report that the data is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The database must exist (its schema is still brought up to date).
    Existing,
    /// A command that adds to an empty database (`org add`, `db init` …):
    /// creates the database with the schema when there is none.
    MayCreate,
}

/// An open database, and whether this opening created it.
pub struct Opened {
    pub conn: sql::Connection,
    /// The database was created (its schema written into a new or empty
    /// file, or into a server database without one).
    pub created: bool,
    /// The file itself was made by this opening (not an empty file that
    /// was there): the one a failed command may remove again.
    pub made_file: bool,
}

/// Opens the database `target` names: a PostgreSQL server by its URL
/// (`postgres://user@host/db`), else an SQLite file, created if need be
/// (see [`open_as`] for a command that must not create one).
pub fn open(target: &Path) -> Result<sql::Connection> {
    Ok(open_as(target, Access::MayCreate)?.conn)
}

/// Opens the database `target` names as `access` allows: a missing file,
/// or a server database without meded's schema, is created only for
/// [`Access::MayCreate`], and is otherwise an input error (exit 2) saying
/// how to create one.
pub fn open_as(target: &Path, access: Access) -> Result<Opened> {
    if is_url(target) {
        return open_postgres(target.to_str().unwrap_or_default(), access);
    }
    if access == Access::Existing && !exists(target) {
        return Err(Error::Input(missing(target, None)));
    }
    let (conn, created, made_file) = open_sqlite(target)?;
    Ok(Opened {
        conn: sql::Connection::from_sqlite(conn),
        created,
        made_file,
    })
}

/// Whether there is a database file to open at `path` (an empty file is
/// none: it is what `touch` leaves). A server URL always names one.
pub fn exists(target: &Path) -> bool {
    is_url(target) || std::fs::metadata(target).is_ok_and(|m| !m.is_file() || m.len() > 0)
}

/// What a command that needs a database says when there is none, with
/// what else the command could do (`also`) in the brackets.
pub fn missing(target: &Path, also: Option<&Msg>) -> Msg {
    let p = target.display();
    let (zh, en) = also.map_or((String::new(), String::new()), |m| {
        (format!(";{}", m.zh), format!("; {}", m.en))
    });
    msg!(
        "{p} 处没有数据库(用 `meded org add` 新建一个,或用 --db 或 MEDED_DB 指定已有的数据库{zh})",
        "no database at {p} (create one with `meded org add`, or name one with --db or MEDED_DB{en})"
    )
}

/// Opens (creating if need be) the SQLite file at `path`, with WAL journaling
/// and a busy timeout so that two meded processes can share it, and brings
/// its schema up to date. Says whether the database was created, and
/// whether the file was.
///
/// A new file is created readable and writable by its owner only: it holds
/// personal data. SQLite gives its WAL and shared-memory files the same mode.
fn open_sqlite(path: &Path) -> Result<(Connection, bool, bool)> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        let p = path.display();
        return Err(Error::Input(msg!(
            "{p} 是一个文件夹,不是数据库文件:请用 --db 指定文件,如 --db {p}/meded.db",
            "{p} is a folder, not a database file: name the file with --db, e.g. --db {p}/meded.db"
        )));
    }
    let new_file = create_private(path)?;
    // An empty file (what `touch` leaves) becomes a new database too.
    let created = new_file || std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
    let result = open_existing(path);
    if result.is_err() && new_file {
        // Leave nothing behind for a database that never came to be.
        discard(path);
    }
    Ok((result?, created, new_file))
}

/// Removes a database file this process created (with its WAL and
/// shared-memory files), for a command that failed after creating it: it
/// leaves nothing behind. Nothing is done for a server.
pub fn discard(target: &Path) {
    if is_url(target) {
        return;
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = target.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// Creates an empty file with mode 0600 unless one exists; says whether it did.
fn create_private(path: &Path) -> Result<bool> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => {
            let p = path.display();
            Err(Error::Io {
                msg: msg!("无法创建数据库 {p}", "cannot create the database {p}"),
                source: e,
            })
        }
    }
}

fn open_existing(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| classify(path, e))?;
    // Reading the header is what tells a database from any other file, and
    // a database of another program must be refused before anything (even
    // the journal mode) is changed in it.
    conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
        .map_err(|e| classify(path, e))?;
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if version == 0 && has_tables(&conn)? {
        return Err(not_a_database(path));
    }
    if version == 0 {
        // A new file: its page size is chosen before anything is written
        // (in WAL mode it can no longer change).
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(|e| classify(path, e))?;
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| classify(path, e))?;
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;",
    )
    .map_err(|e| classify(path, e))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Every table with its root page: a table built anew gets another one.
fn root_pages(conn: &Connection) -> Result<std::collections::HashMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT name, rootpage FROM sqlite_master WHERE type = 'table'")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the references of the tables built anew since `before`, and of
/// the tables that refer to them, still hold. Only those are checked: a
/// check of every table would read every credit record of a province.
fn references_hold(
    conn: &Connection,
    before: &std::collections::HashMap<String, i64>,
) -> Result<bool> {
    let now = root_pages(conn)?;
    let rebuilt: Vec<&String> = now
        .iter()
        .filter(|(name, root)| before.get(*name) != Some(root))
        .map(|(name, _)| name)
        .collect();
    for table in now.keys() {
        let mut refs = conn.prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")?;
        let parents: Vec<String> = refs
            .query_map([table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let concerned = rebuilt.contains(&table) || parents.iter().any(|p| rebuilt.contains(&p));
        if concerned
            && conn
                .prepare(&format!("PRAGMA foreign_key_check(\"{table}\")"))?
                .exists([])?
        {
            return Ok(false);
        }
    }
    Ok(true)
}

fn has_tables(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Applies the schema to a new database, or the missing steps to an old
/// one, in one transaction that also holds off other processes meanwhile.
///
/// A step may build a table anew (SQLite's only way to change its
/// constraints): as SQLite's procedure for that requires, foreign keys are
/// off while the steps run (they can only be switched outside a
/// transaction), and every reference is checked before the commit.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let latest = schema_version();
    let current: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == latest {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = migrate_locked(conn, path, latest);
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

fn migrate_locked(conn: &mut Connection, path: &Path, latest: i32) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while this one waited for the lock.
    let current: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == 0 {
        if has_tables(&tx)? {
            return Err(not_a_database(path));
        }
        tx.execute_batch(SCHEMA)?;
    } else if current > latest {
        let p = path.display();
        return Err(Error::Database {
            msg: msg!(
                "{p} 由更新版本的 meded 创建(数据库版本 {current},本程序支持到 {latest}),请升级 meded",
                "{p} was written by a newer meded (schema version {current}; this one knows up to {latest}); upgrade meded"
            ),
            source: None,
        });
    } else {
        let before = root_pages(&tx)?;
        for step in MIGRATIONS.iter().filter(|m| m.version > current) {
            tx.execute_batch(step.sql)?;
            tx.pragma_update(None, "user_version", step.version)?;
        }
        if !references_hold(&tx, &before)? {
            let p = path.display();
            return Err(Error::Database {
                msg: msg!(
                    "升级 {p} 的数据库结构会留下失效的引用,未作任何更改",
                    "upgrading the schema of {p} would leave broken references; nothing was changed"
                ),
                source: None,
            });
        }
    }
    tx.commit()?;
    Ok(())
}

/// Connects to a PostgreSQL server and makes sure the schema is there (a
/// new database gets it whole, as a new SQLite file does, when `access`
/// allows; `meded db init` does the same and adds roles and policies).
fn open_postgres(url: &str, access: Access) -> Result<Opened> {
    let mut conn = connect_postgres(url)?;
    let shown = redact(url);
    let created = postgres_version(&conn)? == 0;
    if created && access == Access::Existing {
        return Err(Error::Input(msg!(
            "数据库 {shown} 中还没有 meded 的数据(用 `meded db init` 或 `meded org add` 建立)",
            "the database {shown} holds no meded data yet (set it up with `meded db init` or `meded org add`)"
        )));
    }
    ensure_postgres_schema(&mut conn, &shown)?;
    Ok(Opened {
        conn,
        created,
        made_file: false,
    })
}

/// Connects to the PostgreSQL server `target` names, changing nothing in
/// it: for `db init --roles`, which checks the user's rights before it
/// writes anything.
pub fn connect(target: &Path) -> Result<sql::Connection> {
    connect_postgres(target.to_str().unwrap_or_default())
}

fn connect_postgres(url: &str) -> Result<sql::Connection> {
    let shown = redact(url);
    let client =
        ::postgres::Client::connect(url, ::postgres::NoTls).map_err(|e| Error::Database {
            msg: msg!(
                "无法连接数据库服务器 {shown}",
                "cannot connect to the database server {shown}"
            ),
            source: Some(e.into()),
        })?;
    Ok(sql::Connection::from_postgres(client))
}

/// The database as messages name it: a file by its path, a server by its
/// URL without the password.
pub fn shown(target: &Path) -> String {
    match target.to_str() {
        Some(url) if is_url(target) => redact(url),
        _ => target.display().to_string(),
    }
}

/// A URL as shown in messages: without its password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}@{}", &url[..s + 3], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// A command line as the change log keeps it: the password of any
/// PostgreSQL URL in it (`postgres://user:secret@host/db`, or
/// `?password=secret`) written `***`, on either engine.
pub fn redact_command(line: &str) -> String {
    let url = regex::Regex::new(r"(?i)postgres(?:ql)?://[^\s'\x22]*").expect("a valid pattern");
    url.replace_all(line, |c: &regex::Captures<'_>| hide_password(&c[0]))
        .into_owned()
}

/// A PostgreSQL URL with its password, wherever it is given, as `***`.
fn hide_password(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(s) = out.find("://") {
        let rest_start = s + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                let from = rest_start + colon + 1;
                out.replace_range(from..rest_start + at, "***");
            }
        }
    }
    let query = regex::Regex::new(r"(?i)([?&]password=)[^&]*").expect("a valid pattern");
    query.replace_all(&out, "${1}***").into_owned()
}

/// The schema version of a PostgreSQL database (0: no meded schema).
fn postgres_version(conn: &sql::Connection) -> Result<i32> {
    let exists: bool =
        conn.query_row("SELECT to_regclass('meded_schema') IS NOT NULL", [], |r| {
            r.get(0)
        })?;
    if !exists {
        return Ok(0);
    }
    Ok(conn
        .query_row("SELECT max(version) FROM meded_schema", [], |r| {
            r.get::<_, Option<i32>>(0)
        })?
        .unwrap_or(0))
}

fn newer_server(shown: &str, current: i32) -> Error {
    let latest = schema_version();
    Error::Database {
        msg: msg!(
            "{shown} 由更新版本的 meded 创建(数据库版本 {current},本程序支持到 {latest}),请升级 meded",
            "{shown} was written by a newer meded (schema version {current}; this one knows up to {latest}); upgrade meded"
        ),
        source: None,
    }
}

/// Creates the schema in an empty database, or brings an older one up to
/// date, under an advisory lock so that two first commands do not both
/// do it.
pub fn ensure_postgres_schema(conn: &mut sql::Connection, shown: &str) -> Result<()> {
    let latest = schema_version();
    let current = postgres_version(conn)?;
    if current == latest {
        return Ok(());
    }
    let tx = write(conn)?;
    tx.execute_batch("SELECT pg_advisory_xact_lock(7373657)")?;
    let current = postgres_version(&tx)?;
    if current == latest {
        return Ok(());
    }
    bring_up(&tx, current, shown)?;
    if roles_made(&tx)? {
        // An upgraded meded brings its policies along at once: the older
        // ones may lack what this version's tables need.
        tx.execute_batch(postgres::ROLES)?;
    }
    tx.commit()?;
    Ok(())
}

/// The schema of version `current` (0: none) brought to this meded's:
/// the whole schema, or the forward steps, then what only a server has
/// (functions and triggers, made again so that an upgrade gets the new ones).
fn bring_up(tx: &sql::Transaction<'_>, current: i32, shown: &str) -> Result<()> {
    let latest = schema_version();
    if current > latest {
        return Err(newer_server(shown, current));
    }
    if current == 0 {
        tx.execute_batch(&postgres::schema(SCHEMA))?;
        tx.execute_batch(postgres::VERSION_TABLE)?;
    } else if current < postgres::FIRST_VERSION {
        return Err(Error::Database {
            msg: msg!(
                "{shown} 的数据库版本 {current} 无法升级到 {latest}",
                "{shown} has schema version {current}, which this meded cannot upgrade to {latest}"
            ),
            source: None,
        });
    } else {
        // The same forward steps as a file takes, in the server's words.
        for step in MIGRATIONS.iter().filter(|m| m.version > current) {
            match step.server {
                Some(sql) => tx.execute_batch(sql)?,
                None => tx.execute_batch(&postgres::schema(step.sql))?,
            }
        }
    }
    tx.execute_batch(postgres::SERVER)?;
    tx.execute("DELETE FROM meded_schema", [])?;
    tx.execute("INSERT INTO meded_schema (version) VALUES (?1)", [latest])?;
    Ok(())
}

/// Whether `db init --roles` has made the roles and policies of this
/// database.
fn roles_made(conn: &sql::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT to_regrole('meded_base_admin') IS NOT NULL
            AND coalesce((SELECT relrowsecurity FROM pg_class
                          WHERE oid = to_regclass('public.account')), false)",
        [],
        |r| r.get(0),
    )?)
}

/// What the connected user may do that `db init --roles` needs, read
/// before anything is written.
struct Rights {
    user: String,
    superuser: bool,
    create_role: bool,
    /// The three roles that do not exist yet.
    missing_roles: Vec<String>,
    /// Whether the user may grant each existing role to others.
    admin_of_roles: bool,
    /// The owner of meded's tables, if they exist.
    tables_owner: Option<String>,
    owns_tables: bool,
    may_create_tables: bool,
}

fn rights(conn: &sql::Connection) -> Result<Rights> {
    Ok(conn.query_row(
        "WITH wanted(name) AS (VALUES ('meded_base_admin'), ('meded_province_reviewer'),
                                      ('meded_cme_office'))
         SELECT current_user::text, r.rolsuper, r.rolcreaterole,
                coalesce((SELECT string_agg(name, ',') FROM wanted
                          WHERE to_regrole(name) IS NULL), ''),
                coalesce((SELECT bool_and(pg_has_role(current_user, name, 'MEMBER WITH ADMIN OPTION'))
                          FROM wanted WHERE to_regrole(name) IS NOT NULL), true),
                (SELECT pg_get_userbyid(relowner)::text FROM pg_class
                 WHERE oid = to_regclass('public.account')),
                coalesce((SELECT pg_has_role(current_user, relowner, 'MEMBER') FROM pg_class
                          WHERE oid = to_regclass('public.account')), false),
                has_schema_privilege('public', 'CREATE')
         FROM pg_roles r WHERE r.rolname = current_user",
        [],
        |r| {
            let missing: String = r.get(3)?;
            Ok(Rights {
                user: r.get(0)?,
                superuser: r.get(1)?,
                create_role: r.get(2)?,
                missing_roles: missing
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                admin_of_roles: r.get(4)?,
                tables_owner: r.get(5)?,
                owns_tables: r.get(6)?,
                may_create_tables: r.get(7)?,
            })
        },
    )?)
}

/// Why the connected user cannot run `db init --roles`, each with what the
/// server's administrator can do about it; empty when nothing is missing.
fn missing_rights(r: &Rights) -> Vec<crate::i18n::Msg> {
    let user = &r.user;
    let mut out = Vec::new();
    if r.superuser {
        return out;
    }
    match &r.tables_owner {
        Some(owner) if !r.owns_tables => out.push(msg!(
            "meded 的数据表属于 {owner},不属于 {user}:请以 {owner} 连接后运行",
            "meded's tables belong to {owner}, not to {user}: run it connected as {owner}"
        )),
        None if !r.may_create_tables => out.push(msg!(
            "{user} 不能在 public 模式中建表:请服务器管理员执行 ALTER SCHEMA public OWNER TO {user}(或 GRANT CREATE ON SCHEMA public TO {user})",
            "{user} may not create tables in the schema public: ask the server's administrator for ALTER SCHEMA public OWNER TO {user} (or GRANT CREATE ON SCHEMA public TO {user})"
        )),
        _ => {}
    }
    let may_grant = r.create_role || (r.missing_roles.is_empty() && r.admin_of_roles);
    if !may_grant {
        let roles = if r.missing_roles.is_empty() {
            "meded_base_admin, meded_province_reviewer, meded_cme_office".to_owned()
        } else {
            r.missing_roles.join(", ")
        };
        out.push(msg!(
            "{user} 没有 CREATEROLE 权限,不能建立或授予角色 {roles}:请服务器管理员执行 ALTER ROLE {user} CREATEROLE(或先建好这三个角色并以 WITH ADMIN OPTION 授予 {user})",
            "{user} lacks CREATEROLE and so cannot make or grant the roles {roles}: ask the server's administrator for ALTER ROLE {user} CREATEROLE (or to create the three roles and grant them to {user} WITH ADMIN OPTION)"
        ));
    }
    out
}

/// `meded db init --roles`: the schema (made or brought up to date), the
/// three roles and their policies (see roles.postgres.sql), all in one
/// transaction, after checking that the connected user has every right
/// this needs: without them nothing is changed. Returns the statements
/// the server's administrator still has to run, if any (what the owner of
/// the tables may not do: take TEMP or CREATE from PUBLIC).
pub fn init_roles(conn: &mut sql::Connection, shown: &str) -> Result<Vec<String>> {
    let missing = missing_rights(&rights(conn)?);
    if !missing.is_empty() {
        let mut why = msg!(
            "未作任何更改:建立角色和访问策略需要以下权限",
            "nothing was changed: making the roles and policies needs rights this user lacks"
        );
        for m in &missing {
            why = why.join(m);
        }
        return Err(Error::Database {
            msg: why,
            source: None,
        });
    }
    let tx = write(conn)?;
    tx.execute_batch("SELECT pg_advisory_xact_lock(7373657)")?;
    let current = postgres_version(&tx)?;
    if current == schema_version() {
        tx.execute_batch(postgres::SERVER)?;
    } else {
        bring_up(&tx, current, shown)?;
    }
    tx.execute_batch(postgres::ROLES)?;
    let left: (bool, bool, String) = tx.query_row(
        "SELECT has_database_privilege('public', current_database(), 'TEMPORARY'),
                has_schema_privilege('public', 'public', 'CREATE'),
                current_database()::text",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut dba = Vec::new();
    let (temp, create, database) = left;
    if temp {
        dba.push(format!(
            "REVOKE TEMPORARY ON DATABASE \"{database}\" FROM PUBLIC; GRANT TEMPORARY ON DATABASE \"{database}\" TO meded_base_admin, meded_province_reviewer, meded_cme_office;"
        ));
    }
    if create {
        dba.push("REVOKE CREATE ON SCHEMA public FROM PUBLIC;".to_owned());
    }
    tx.commit()?;
    Ok(dba)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_declares_the_last_migration_version() {
        let last = MIGRATIONS.last().map_or(1, |m| m.version);
        assert_eq!(schema_version(), last);
    }

    #[test]
    fn new_database_gets_schema_and_private_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.db");
        let (conn, created, made_file) = open_sqlite(&p).unwrap();
        assert!(created && made_file);
        let v: i32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let page: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(page, PAGE_SIZE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let m = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(m & 0o777, 0o600);
        }
        drop(conn);
        // Opening again changes nothing.
        open(&p).unwrap();
    }

    #[test]
    fn other_files_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notes.txt");
        std::fs::write(&p, "x".repeat(4096)).unwrap();
        let err = open(&p).err().unwrap();
        assert_eq!(err.exit_code(), crate::ExitCode::Failure);
        assert!(err.to_string().contains("not a meded database"), "{err}");
        assert_eq!(std::fs::read(&p).unwrap(), "x".repeat(4096).as_bytes());

        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        assert!(
            open(&other)
                .err()
                .unwrap()
                .to_string()
                .contains("not a meded database")
        );
    }

    #[test]
    fn a_database_password_never_reaches_the_log() {
        for (line, want) in [
            (
                "meded --db postgres://wang:s3cret@db.example/meded org list",
                "meded --db postgres://wang:***@db.example/meded org list",
            ),
            (
                "meded --db=postgresql://wang:p@ss:w0rd@db.example:5432/meded?sslmode=require report submit",
                "meded --db=postgresql://wang:***@db.example:5432/meded?sslmode=require report submit",
            ),
            (
                "meded --db 'postgres://wang@db/meded?sslmode=require&password=s3cret' org list",
                "meded --db 'postgres://wang@db/meded?sslmode=require&password=***' org list",
            ),
            (
                "meded --db postgres://wang@db.example/meded org list",
                "meded --db postgres://wang@db.example/meded org list",
            ),
            (
                "meded --db meded.db org list",
                "meded --db meded.db org list",
            ),
        ] {
            assert_eq!(redact_command(line), want);
        }
    }

    #[test]
    fn newer_databases_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.db");
        drop(open(&p).unwrap());
        Connection::open(&p)
            .unwrap()
            .pragma_update(None, "user_version", schema_version() + 1)
            .unwrap();
        assert!(open(&p).err().unwrap().to_string().contains("newer meded"));
    }
}
