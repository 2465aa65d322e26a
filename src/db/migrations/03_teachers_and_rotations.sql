-- Version 3: teachers (师资), their evidence, recommendations and
-- thresholds, and residents' rotations with their teachers.
-- The same statements as the teachers section of schema.sql.

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
