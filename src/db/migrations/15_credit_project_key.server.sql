-- Version 15 on a server: the key column added in place (the table keeps
-- its grants), filled from credit_project_key, which meded computed
-- before this runs; the unique index of the texts dropped.

ALTER TABLE credit_project ADD COLUMN hash_key BIGINT;
UPDATE credit_project p SET hash_key = k.hash_key FROM credit_project_key k WHERE k.id = p.id;
ALTER TABLE credit_project ALTER COLUMN hash_key SET NOT NULL, ADD UNIQUE (hash_key),
    DROP CONSTRAINT credit_project_project_no_name_form_organizer_subject_key;
DROP TABLE credit_project_key;
