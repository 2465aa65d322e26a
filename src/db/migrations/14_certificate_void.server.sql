-- Version 14 on a server: the constraints that name 已撤销 replaced in
-- place, so that the table keeps its grants and policies.

DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'certificate'::regclass AND contype = 'c'
               AND pg_get_constraintdef(oid) LIKE '%已撤销%'
    LOOP
        EXECUTE format('ALTER TABLE certificate DROP CONSTRAINT %I', c.conname);
    END LOOP;
END
$$;
UPDATE certificate SET status = '已作废' WHERE status = '已撤销';
ALTER TABLE certificate
    ADD CHECK (status = '有效' OR status = '已作废' OR status = '已被替代'),
    ADD CHECK (status <> '已作废' OR revoke_reason IS NOT NULL);
