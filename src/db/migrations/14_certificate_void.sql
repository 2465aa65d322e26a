-- Version 14: one word for a certificate withdrawn by the office, 已作废
-- (作废, as everything meded says and writes has it), where version 8
-- stored 已撤销. SQLite changes a CHECK constraint only by building the
-- table anew (as for version 6); its index is made again.

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
