-- The meded database: the whole schema, as a new database file gets it.
--
-- An older file is brought up to this by the steps that `MIGRATIONS`
-- (src/db/migrate.rs) lists, each the SQL from one version to the next in
-- its own file of src/db/migrations/; the schemas that shipped are frozen
-- in tests/fixtures/schema_v*.sql, and a test checks that a file made from
-- each, migrated step by step, ends up with exactly this schema. To change
-- the schema: bump user_version here, add the step, and freeze the version
-- that shipped before it.
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

PRAGMA user_version = 15;

-- One row per command that changed anything: who, when, and the command
-- line (which never holds a password: passwords are only read from stdin).
CREATE TABLE change_set (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    command  TEXT NOT NULL,
    -- On a server, actor is the connected database user and note what the
    -- command said of its operator (--actor); on a file, actor is --actor
    -- (or the operating-system user) and note is empty.
    note     TEXT
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
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    -- Where the institution is, below its province (the CME platform's
    -- 机构单位: 四川省 / 成都 / 武侯区): as written.
    city            TEXT,       -- 市
    district        TEXT        -- 区/县
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
    -- CME members only: 学分达标遵照, the region level whose credit standards
    -- the member registered to follow (docs/domain.md#registration-review);
    -- NULL: the organisation's.
    standard_region TEXT CHECK (standard_region = '省级/三级医院'
                                OR standard_region = '市州级/二级以下医院'
                                OR standard_region = '县级' OR standard_region = '乡镇卫生院'),
    CHECK ((password_state = 'initial') = (password_hash IS NULL)),
    CHECK ((org_id IS NULL) = (role = 'applicant'))
);
CREATE INDEX account_org ON account(org_id);

-- A resident's training at a base (培训信息), with the state of its
-- submission to the province. A person has one record per admission; a
-- transfer closes the old one with 退培 and the new base opens its own
-- (docs/domain.md#transfers). Recruitment year and base never change once
-- created.
--
-- Submission (docs/domain.md#submission-and-review): 上报 sets report_status
-- 已上报 and review_status 待审核; the province approves (审核通过) or returns
-- (退回修改, with a reason, and the record is 未上报 again). Any later change
-- to the record sets it back to 未上报, while review_status keeps the outcome
-- of the last submission, which is what the platform shows.
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

-- Yearly collections (采集批次, docs/domain.md#collections-and-locks): the
-- window in which bases enter and submit, and the province's review window.
-- When a new-recruit collection closes, that year's recruitment data is locked;
-- an in-training update collection reopens the earlier years while it runs.
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

-- ===============================================================
-- Continuing medical education (继教): credit standards,
-- each member's standard per year, and credit records.
-- Credits are stored as integer tenths (3.5 credits = 35): sums are exact.
-- ======================================================================

-- Credit standards (学分标准). A standards table belongs to a province
-- (GB/T 2260 two-digit code): a member follows the table of their
-- organisation's province. Each province's table is versioned by the year it
-- applies from: the standard in force for year Y is the one of the version
-- with the greatest from_year <= Y. A NULL region or title level means "all
-- levels" (SCJA10 covers every title at a 乡镇卫生院). created_change is NULL
-- for the Sichuan table that ships with meded.
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

-- A member's standard for a year (个人学分标准), with what it
-- was derived from: the title as given and the two levels.
CREATE TABLE member_standard (
    account_id      INTEGER NOT NULL REFERENCES account(id),
    year            INTEGER NOT NULL,
    standard_id     INTEGER NOT NULL REFERENCES credit_standard(id),
    title           TEXT,
    title_level     TEXT NOT NULL,
    region_level    TEXT NOT NULL,
    change_id       INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (account_id, year)
) WITHOUT ROWID;

-- The projects of credit records: the texts a record shares
-- with everyone who took the same project — 项目名称, 学分获取形式, 主办单位 and
-- 学科分类 — are stored once here, and each record points to its project
-- instead of repeating them (a record is half the size: what a province's
-- millions of records a year cost to write, check and read). A project is
-- its number with those texts exactly as a record gave them: a record that
-- gives other texts under the same number points to a project of its own,
-- so nothing a file or an edit said is lost. A project no record points to
-- any more is left in place (never deleted: see hash_key).
--
-- A project is found by `hash_key`, a 64-bit hash of its five texts that
-- meded computes (src/credit/project.rs), not by an index of the texts
-- themselves: an index entry of eight bytes instead of a hundred, which an
-- import of millions of records that each name a project of their own
-- (II类 self-study, papers) writes in random order. Two projects whose
-- texts hash alike are told apart by their texts: the later one takes the
-- next free key (hash + 1, + 2 …), so a project is at the first key from
-- its hash on that holds its texts or is free.
CREATE TABLE credit_project (
    id          INTEGER PRIMARY KEY,
    project_no  TEXT NOT NULL,
    name        TEXT NOT NULL,      -- 项目名称
    form        TEXT,               -- 学分获取形式
    organizer   TEXT,               -- 主办单位
    subject     TEXT,               -- 学科分类, "一级/二级"
    hash_key    INTEGER NOT NULL UNIQUE
);

-- Credit records (学分登记, docs/domain.md#credit-records). Only 待审 may be
-- changed or deleted; only 审核通过 counts. The same member and project number
-- is one record: the unique index also serves a member's list and check.
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
    image           TEXT,   -- 上传图片: the absolute path of a JPEG file
    UNIQUE (account_id, project_no)
);

-- The Sichuan table (SCJA1–SCJA10, the Sichuan CME platform's), in force
-- from 2016 (the year of the platform's worked example); the national
-- class-I window is 6 years as the platform's table states.
INSERT INTO credit_standard
    (province, code, name, region_level, title_level, national_1, national_years, class_1, class_2, total, from_year)
VALUES
    ('51', 'SCJA1', '省级、三级医院高级', '省级/三级医院', '高级', 100, 6, 100, 150, 250, 2016),
    ('51', 'SCJA2', '省级、三级医院中级', '省级/三级医院', '中级', 100, 6, 50, 200, 250, 2016),
    ('51', 'SCJA3', '省级、三级医院初级', '省级/三级医院', '初级', 0, 6, 0, 250, 250, 2016),
    ('51', 'SCJA4', '市州级、二级以下医院高级', '市州级/二级以下医院', '高级', 0, 6, 100, 150, 250, 2016),
    ('51', 'SCJA5', '市州级、二级以下医院中级', '市州级/二级以下医院', '中级', 0, 6, 50, 200, 250, 2016),
    ('51', 'SCJA6', '市州级、二级以下医院初级', '市州级/二级以下医院', '初级', 0, 6, 0, 250, 250, 2016),
    ('51', 'SCJA7', '县级、高级', '县级', '高级', 0, 6, 100, 150, 250, 2016),
    ('51', 'SCJA8', '县级、中级', '县级', '中级', 0, 6, 50, 200, 250, 2016),
    ('51', 'SCJA9', '县级、初级', '县级', '初级', 0, 6, 0, 250, 250, 2016),
    ('51', 'SCJA10', '乡镇卫生院', '乡镇卫生院', NULL, 0, 6, 0, 200, 200, 2016);

-- ====================================================================
-- Resident profiles (个人信息)
-- ====================================================================
--
-- The three tabs the resident fills in: 基本信息, 学习经历 (one row per
-- level), 证书信息. A profile is imported from a spreadsheet and replaced
-- whole by the next import of the same person; what changed is in
-- change_item (entity 'profile.基本信息', 'profile.学习经历.本科' …).
--
-- A column holds the value in its stored form (是/否, 汉族, 2018-08, 四川,
-- the image's absolute path) or NULL. A typed value that is not a value of
-- the field's kind (民族 火星族, 出生日期 1992-13-01) is kept as typed in
-- `raw`, a JSON object by Chinese label, so that `profile validate` can
-- quote it; the column stays NULL and its CHECK holds. Missing and invalid
-- values are data, not errors: validation reports them.

CREATE TABLE profile_basic (
    account_id      INTEGER PRIMARY KEY REFERENCES account(id),
    name            TEXT,
    sex             TEXT CHECK (sex = '男' OR sex = '女'),
    ethnicity       TEXT,       -- GB 3304 name with 族; checked by rules::codes
    birth_date      TEXT CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    marital_status  TEXT CHECK (marital_status = '未婚' OR marital_status = '已婚'
                                OR marital_status = '丧偶' OR marital_status = '离婚'),
    nationality     TEXT CHECK (nationality = '中国大陆' OR nationality = '中国香港'
                                OR nationality = '中国澳门' OR nationality = '中国台湾'
                                OR nationality = '外国'),
    id_type         TEXT CHECK (id_type = '居民身份证' OR id_type = '港澳居民来往内地通行证'
                                OR id_type = '台湾居民来往大陆通行证' OR id_type = '港澳台居民居住证'
                                OR id_type = '外国人永久居留身份证' OR id_type = '护照'),
    hukou_province  TEXT,       -- GB/T 2260 short name (四川)
    mobile          TEXT,
    email           TEXT,
    qq              TEXT,
    photo           TEXT,       -- absolute paths of JPEG files
    id_card_front   TEXT,
    id_card_back    TEXT,
    raw             TEXT,       -- {"民族": "火星族", …}: typed values not recognised
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    updated_change  INTEGER NOT NULL REFERENCES change_set(id)
);

CREATE TABLE profile_education (
    account_id      INTEGER NOT NULL REFERENCES account(id),
    level           TEXT NOT NULL CHECK (level = '中专' OR level = '大专' OR level = '本科'
                                         OR level = '硕士' OR level = '博士'),
    full_time       TEXT CHECK (full_time = '是' OR full_time = '否'),
    in_study        TEXT CHECK (in_study = '是' OR in_study = '否'),
    school          TEXT,
    other_school    TEXT,
    major           TEXT,
    graduated_on    TEXT CHECK (graduated_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    education       TEXT CHECK (education = '研究生教育' OR education = '大学本科教育'
                                OR education = '大学专科教育' OR education = '中等专业教育'),
    education_on    TEXT CHECK (education_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    has_diploma     TEXT CHECK (has_diploma = '是' OR has_diploma = '否'),
    diploma_no      TEXT,
    diploma_scan    TEXT,
    has_degree      TEXT CHECK (has_degree = '是' OR has_degree = '否'),
    degree_type     TEXT CHECK (degree_type = '学术型' OR degree_type = '专业型'),
    degree          TEXT CHECK (degree = '学士' OR degree = '硕士' OR degree = '博士'),
    degree_on       TEXT CHECK (degree_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    degree_no       TEXT,
    degree_scan     TEXT,
    raw             TEXT,
    other_major     TEXT,       -- 其他毕业专业: a major not in the list
    PRIMARY KEY (account_id, level)
) WITHOUT ROWID;

-- 工作信息: the resident's jobs, several per person, numbered 1, 2 … in
-- the order of their start; replaced whole by the next import that gives
-- the sheet.
CREATE TABLE profile_work (
    account_id      INTEGER NOT NULL REFERENCES account(id),
    seq             INTEGER NOT NULL,
    employer        TEXT,       -- 工作单位
    department      TEXT,       -- 科室
    position        TEXT,       -- 职务
    start_on        TEXT,       -- 开始时间: 2015-07-01 or 2015-07, as typed
    end_on          TEXT,       -- 结束时间; NULL: to this day (至今)
    raw             TEXT,
    PRIMARY KEY (account_id, seq)
) WITHOUT ROWID;

CREATE TABLE profile_certificate (
    account_id        INTEGER PRIMARY KEY REFERENCES account(id),
    passed_exam       TEXT CHECK (passed_exam = '是' OR passed_exam = '否'),
    exam_on           TEXT,     -- 2019-08-23 or 2019-08, as typed
    has_licence       TEXT CHECK (has_licence = '是' OR has_licence = '否'),
    licence_category  TEXT CHECK (licence_category = '临床' OR licence_category = '口腔'
                                  OR licence_category = '公共卫生' OR licence_category = '中医'),
    licence_level     TEXT CHECK (licence_level = '执业医师' OR licence_level = '执业助理医师'),
    licence_no        TEXT,
    licence_on        TEXT,
    licence_scan      TEXT,
    language_test     TEXT,
    language_skill    TEXT,
    english_level     TEXT,
    language_cert_no  TEXT,
    raw               TEXT
);

-- The base's 退回修改 of personal information (审核意见): the
-- reason is shown to the resident until they change their profile. Each
-- return is also in change_item (entity 'profile', action 'return').
CREATE TABLE profile_return (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id),
    reason      TEXT NOT NULL,
    change_id   INTEGER NOT NULL REFERENCES change_set(id)
);
CREATE INDEX profile_return_account ON profile_return(account_id);

-- ====================================================================
-- Credit certificates (学分证明)
-- ====================================================================
--
-- Every certificate meded has issued, by its verification code (验证码):
-- what it stated when it was printed — so that `certificate verify`
-- answers from this record whatever has changed since (a new name of the
-- unit, a new title) — which credit records it listed, and a SHA-256
-- digest of its text. Only the current certificate of a member, span and
-- kind is 有效; a later one with a different text supersedes it (已被替代,
-- still genuine, superseded_by names the successor); the office may
-- void one (已作废, with the reason). Credits are in tenths, as above.
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
CREATE INDEX certificate_member ON certificate(account_id, from_year, to_year, kind);
-- One valid certificate per member, span and kind, whatever runs at once.
CREATE UNIQUE INDEX certificate_valid ON certificate(account_id, from_year, to_year, kind)
    WHERE status = '有效';

-- ====================================================================
-- Teachers (师资) and rotations (轮转)
-- ====================================================================
--
-- A teacher is an account with role 'teacher' at its base; `teacher`
-- holds what the 师资信息 template adds to the account (docs/domain.md#teachers).
-- Dates are days (2019-07-01), or months (2019-07) where the template
-- allows one. Code lists are checked with = / OR (see the top of this file).

CREATE TABLE teacher (
    account_id         INTEGER PRIMARY KEY REFERENCES account(id),
    sex                TEXT CHECK (sex = '男' OR sex = '女'),
    birth_date         TEXT,
    ethnicity          TEXT,
    health             TEXT CHECK (health = '健康或良好' OR health = '一般或较弱'
                                   OR health = '有慢性病' OR health = '残疾'),  -- 健康状况
    -- The images of the form, each the path of a JPEG file checked as a
    -- profile's photos are: 证件扫描件, 头像照片, 医师资格证书扫描件.
    id_scan            TEXT,
    photo              TEXT,
    -- 是否获得医师资格证书: 是, 否, or passed the examination with the
    -- certificate not yet issued (which has a level and category, no
    -- certificate date, number or scan).
    has_qualification  TEXT CHECK (has_qualification = '是' OR has_qualification = '否'
                                   OR has_qualification = '已通过考试,尚未发放证书'),
    qualification_on   TEXT,       -- 取得证书时间
    licence_level      TEXT CHECK (licence_level = '执业医师' OR licence_level = '执业助理医师'),
    licence_category   TEXT CHECK (licence_category = '临床' OR licence_category = '口腔'
                                   OR licence_category = '公共卫生' OR licence_category = '中医'),
    qualification_no   TEXT,       -- 医师资格证书编码, ends with the ID number
    qualification_scan TEXT,
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
-- (with the reason), on the teacher's application (teacher_application);
-- without a row the teacher is 已提交 (applied) or 未报名. `override` holds
-- why an ineligible teacher was recommended all the same. 推荐时间 and
-- 推荐用户 are those of `change_id`.
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

-- A round of teachers' applications (报名批次, such as 2024年度住院医师师资),
-- set up for the whole province: its name and the year whose
-- recommendation its applications ask for.
CREATE TABLE teacher_batch (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    year            INTEGER NOT NULL,
    created_change  INTEGER NOT NULL REFERENCES change_set(id)
);

-- A teacher's application (师资报名申请, 我要报名) to be recommended for a
-- year at their base, in a batch of that year: 已提交 until the teaching
-- office decides (teacher_appointment). One per teacher, base and year.
-- A decision recorded before applications existed has none.
CREATE TABLE teacher_application (
    org_id          INTEGER NOT NULL REFERENCES org(id),
    year            INTEGER NOT NULL,
    account_id      INTEGER NOT NULL REFERENCES account(id),
    batch_id        INTEGER NOT NULL REFERENCES teacher_batch(id),
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, year, account_id)
) WITHOUT ROWID;
CREATE INDEX teacher_application_batch ON teacher_application(batch_id);

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

-- ====================================================================
-- CME technical archive (技术档案) and the office's queries
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

-- ====================================================================
-- Signing keys of self-verifying certificates
-- ====================================================================
--
-- Public keys that certificates and revocation lists were signed with.
-- The private keys are files beside the database (or where `--key-file`
-- says), never in it: a copy of the database must not let anyone sign. A
-- key stays here after it is replaced, so that what it signed still
-- verifies.
CREATE TABLE signing_key (
    key_id          TEXT PRIMARY KEY,  -- 16 hex digits: the start of the SHA-256 of the public key
    public_key      TEXT NOT NULL,     -- Ed25519, 64 hex digits
    added_at        TEXT NOT NULL,
    created_change  INTEGER NOT NULL REFERENCES change_set(id)
);

-- The organisations a key signs for (`meded key init --org C…`): a
-- certificate of another organisation's member is neither issued nor, by
-- a verification against the database, accepted with it. A key with no
-- organisations here signs for any (a database file's own key).
CREATE TABLE signing_key_org (
    key_id  TEXT NOT NULL REFERENCES signing_key(key_id),
    org_id  INTEGER NOT NULL REFERENCES org(id),
    PRIMARY KEY (key_id, org_id)
) WITHOUT ROWID;

-- ====================================================================
-- Status lists of standard credentials (W3C Bitstring Status List)
-- ====================================================================
--
-- A certificate written as a Verifiable Credential names its place on a
-- status list: the list's address (url: the id of the signed list that
-- `certificate revocations --status-list` writes, which credentials name)
-- and an entry (idx), drawn at random among the free ones when the
-- certificate's first credential is written, then never changed and never
-- given to another certificate. The list's bit at idx is set once the
-- certificate is revoked. A list has `size` entries, at least 131,072, and
-- doubles when half are taken, so that a random draw finds a free entry at
-- once and the list's size says little of how many were issued. An entry
-- is kept by its certificate's code, not a reference: a certificate that a
-- failed bulk run withdrew leaves its entry taken.
CREATE TABLE status_list (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,
    size        INTEGER NOT NULL CHECK (size >= 131072),
    created_at  TEXT NOT NULL
);

CREATE TABLE status_entry (
    list_id  INTEGER NOT NULL REFERENCES status_list(id),
    idx      INTEGER NOT NULL CHECK (idx >= 0),
    code     TEXT NOT NULL UNIQUE,   -- certificate.code
    PRIMARY KEY (list_id, idx)
) WITHOUT ROWID;

-- ====================================================================
-- Recruitment (招录)
-- ====================================================================
--
-- Batches (招录批次) with their application windows, each base's plan
-- (招录计划: places per specialty and batch), and the applications (志愿)
-- of applicants, one per applicant and batch. A window is given in the
-- province's wall-clock time and stored as 'YYYY-MM-DD HH:MM:SS', so that
-- text comparison is time order; both ends are inclusive. State moves are
-- in change_item (entity 'application', subject the ID number); see
-- docs/domain.md#recruitment.

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

-- ====================================================================
-- Code lists a province imports (`meded codes import`)
-- ====================================================================
--
-- The platforms' dropdowns: 毕业院校 (school) and 毕业专业 (major) of
-- the resident profile, checked once a list is imported; 学科分类 (subject,
-- stored "一级/二级") of credit records, whose imported list replaces the
-- one meded ships. An import replaces the list whole.
CREATE TABLE code_entry (
    list       TEXT NOT NULL CHECK (list = 'school' OR list = 'major' OR list = 'subject'),
    name       TEXT NOT NULL,
    code       TEXT,
    change_id  INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (list, name)
) WITHOUT ROWID;

-- ====================================================================
-- Rotation plans (排班): each specialty's programme and each department's
-- monthly capacity, from which `meded rotation plan` places residents
-- ====================================================================

-- A base's rotation programme (轮转方案) for a specialty: the departments
-- a resident of it rotates through and the months in each, one stretch a
-- row (a department named on two rows is done in two stretches). 顺序,
-- where given, orders the rows: every row of a lower 顺序 is done before
-- one of a higher 顺序 starts. `position` keeps the file's order.
CREATE TABLE rotation_programme (
    org_id         INTEGER NOT NULL REFERENCES org(id),
    specialty      TEXT NOT NULL,          -- 培训专业, as rules::specialty names it
    position       INTEGER NOT NULL CHECK (position >= 1),
    department_id  INTEGER NOT NULL REFERENCES department(id),
    months         INTEGER NOT NULL CHECK (months BETWEEN 1 AND 36),   -- 轮转月数
    sequence       INTEGER CHECK (sequence BETWEEN 1 AND 99),         -- 顺序
    change_id      INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, specialty, position)
) WITHOUT ROWID;

-- How many residents a department takes in a month (每月容量): for every
-- month (month NULL), or for one month (2025-09), which then overrides.
CREATE TABLE department_capacity (
    department_id  INTEGER NOT NULL REFERENCES department(id),
    month          TEXT CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    capacity       INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
    change_id      INTEGER NOT NULL REFERENCES change_set(id)
);
CREATE UNIQUE INDEX department_capacity_key ON department_capacity(department_id, (coalesce(month, '')));
