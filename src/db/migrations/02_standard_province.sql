-- Credit standards per province: a standards table belongs to
-- a province, and a code is unique within a province's version. The
-- tables of version 1 were Sichuan's (the shipped SCJA table, and any
-- imported: the import had no province), so they become 51 四川.
--
-- SQLite changes a table's constraints only by building it anew. The old
-- table is renamed out of the way first, so that the new one is created
-- under its own name exactly as schema.sql has it; `legacy_alter_table`
-- keeps that rename from rewriting member_standard's reference to
-- credit_standard (foreign keys are off while steps run: see `migrate` in
-- src/db/mod.rs).

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
