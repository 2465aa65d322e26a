-- Version 12 on a server: the same tables. Where the roles exist already
-- (`db init --roles` ran before), the upgrade makes them again, with the
-- grants and policies roles.postgres.sql gives these tables.

CREATE TABLE rotation_programme (
    org_id         BIGINT NOT NULL REFERENCES org(id),
    specialty      TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 1),
    department_id  BIGINT NOT NULL REFERENCES department(id),
    months         BIGINT NOT NULL CHECK (months BETWEEN 1 AND 36),
    sequence       BIGINT CHECK (sequence BETWEEN 1 AND 99),
    change_id      BIGINT NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, specialty, position)
);
CREATE TABLE department_capacity (
    department_id  BIGINT NOT NULL REFERENCES department(id),
    month          TEXT CHECK (month ~ '^[0-9][0-9][0-9][0-9]-[01][0-9]$'),
    capacity       BIGINT NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
    change_id      BIGINT NOT NULL REFERENCES change_set(id)
);
CREATE UNIQUE INDEX department_capacity_key ON department_capacity(department_id, (coalesce(month, '')));
