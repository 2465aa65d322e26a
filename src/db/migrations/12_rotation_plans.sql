-- Version 12: rotation programmes and departments' monthly capacities,
-- from which `rotation plan` places residents. The same statements as
-- the rotation plans section of schema.sql.

CREATE TABLE rotation_programme (
    org_id         INTEGER NOT NULL REFERENCES org(id),
    specialty      TEXT NOT NULL,
    position       INTEGER NOT NULL CHECK (position >= 1),
    department_id  INTEGER NOT NULL REFERENCES department(id),
    months         INTEGER NOT NULL CHECK (months BETWEEN 1 AND 36),
    sequence       INTEGER CHECK (sequence BETWEEN 1 AND 99),
    change_id      INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (org_id, specialty, position)
) WITHOUT ROWID;
CREATE TABLE department_capacity (
    department_id  INTEGER NOT NULL REFERENCES department(id),
    month          TEXT CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    capacity       INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
    change_id      INTEGER NOT NULL REFERENCES change_set(id)
);
CREATE UNIQUE INDEX department_capacity_key ON department_capacity(department_id, (coalesce(month, '')));
