-- Version 10: the teachers' form as the platform has it (健康状况, the
-- three images, 是否获得医师资格证书 with its third answer) and their
-- applications (报名批次, 师资报名申请). SQLite changes a CHECK only by
-- building the table anew (see version 6): teacher is renamed away, made
-- again as schema.sql has it, and every row copied with its data, the new
-- columns empty. Decisions recorded before stay as they are, without an
-- application.

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
