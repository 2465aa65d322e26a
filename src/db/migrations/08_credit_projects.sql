-- Version 8: the texts credit records share with their project stored
-- once, in credit_project, as in schema.sql. The credit table
-- is built anew without them (SQLite drops columns only by rebuilding a
-- table that has constraints on others); each record keeps its id and
-- points to the project of exactly its texts. A NULL text is a text of
-- its own (`IS`, not `=`).

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
