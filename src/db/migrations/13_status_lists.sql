-- Version 13: the status lists of standard credentials and each
-- certificate's entry on one, as in schema.sql.

CREATE TABLE status_list (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,
    size        INTEGER NOT NULL CHECK (size >= 131072),
    created_at  TEXT NOT NULL
);
CREATE TABLE status_entry (
    list_id  INTEGER NOT NULL REFERENCES status_list(id),
    idx      INTEGER NOT NULL CHECK (idx >= 0),
    code     TEXT NOT NULL UNIQUE,
    PRIMARY KEY (list_id, idx)
) WITHOUT ROWID;
