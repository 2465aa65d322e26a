-- Version 9: the organisations a signing key signs for, and one valid
-- certificate per member, span and kind as a constraint (a unique index),
-- as in schema.sql. Two certificates that runs at the same moment left
-- valid are settled first: the later one stays valid and supersedes the
-- earlier.

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
