-- Version 5: the public keys that sign certificates, as in
-- schema.sql.

CREATE TABLE signing_key (
    key_id          TEXT PRIMARY KEY,  -- 16 hex digits: the start of the SHA-256 of the public key
    public_key      TEXT NOT NULL,     -- Ed25519, 64 hex digits
    added_at        TEXT NOT NULL,
    created_change  INTEGER NOT NULL REFERENCES change_set(id)
);
