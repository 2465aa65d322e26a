-- Version 4: the CME technical archive, and the index of the
-- office's queries across its members' credits, as in schema.sql.

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
