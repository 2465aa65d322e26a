-- Version 15: a credit project is found by hash_key, a 64-bit hash of its
-- five texts, instead of a unique index of the texts themselves (as in
-- schema.sql). meded computes the keys (SQL cannot) into
-- credit_project_key (id, hash_key) before this runs. SQLite drops a
-- table constraint only by building the table anew (as for version 8);
-- every project keeps its id, so the records' references hold.

PRAGMA legacy_alter_table = ON;
ALTER TABLE credit_project RENAME TO credit_project_v14;
CREATE TABLE credit_project (
    id          INTEGER PRIMARY KEY,
    project_no  TEXT NOT NULL,
    name        TEXT NOT NULL,      -- 项目名称
    form        TEXT,               -- 学分获取形式
    organizer   TEXT,               -- 主办单位
    subject     TEXT,               -- 学科分类, "一级/二级"
    hash_key    INTEGER NOT NULL UNIQUE
);
INSERT INTO credit_project (id, project_no, name, form, organizer, subject, hash_key)
    SELECT p.id, p.project_no, p.name, p.form, p.organizer, p.subject, k.hash_key
    FROM credit_project_v14 p JOIN credit_project_key k ON k.id = p.id
    ORDER BY p.id;
DROP TABLE credit_project_v14;
DROP TABLE credit_project_key;
PRAGMA legacy_alter_table = OFF;
