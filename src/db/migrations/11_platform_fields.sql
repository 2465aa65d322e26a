-- Version 11, as in schema.sql: a member's 学分达标遵照 and the
-- institution's city and district (registration); a credit record's
-- 上传图片; the profile's 其他毕业专业 and 工作信息; the code lists a
-- province imports. Every column is new and empty: a member refused
-- before stays refused until imported again.

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
