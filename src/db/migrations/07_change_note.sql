-- Version 7: the change log keeps what `--actor` said beside the actor a
-- server knows (the connected database user).

ALTER TABLE change_set ADD COLUMN note TEXT;
