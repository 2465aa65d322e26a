//! The steps that bring an older database forward to the schema of
//! schema.sql, one per version, each in its own file under migrations/
//! (`NN_name.sql`; `NN_name.server.sql` where a server takes another way).

/// One step forward: the SQL that turns a database of `version - 1` into
/// one of `version`.
pub struct Migration {
    pub version: i32,
    pub sql: &'static str,
    /// The step on a server when [`super::postgres::schema`] of `sql` would
    /// not do (a table SQLite can only rebuild, which a server alters in
    /// place and so keeps its grants and policies).
    pub server: Option<&'static str>,
}

impl Migration {
    /// A step that a server takes as SQLite does (translated).
    const fn new(version: i32, sql: &'static str) -> Migration {
        Migration {
            version,
            sql,
            server: None,
        }
    }

    /// A step with a server's own SQL.
    const fn on_both(version: i32, sql: &'static str, server: &'static str) -> Migration {
        Migration {
            version,
            sql,
            server: Some(server),
        }
    }
}

/// Every step since version 1, in order; what each does is said at the top
/// of its file. Version 1 has no step: a new file gets [`super::SCHEMA`]
/// whole.
pub const MIGRATIONS: &[Migration] = &[
    Migration::new(2, include_str!("migrations/02_standard_province.sql")),
    Migration::new(3, include_str!("migrations/03_teachers_and_rotations.sql")),
    Migration::new(4, include_str!("migrations/04_archive.sql")),
    Migration::new(5, include_str!("migrations/05_signing_keys.sql")),
    Migration::new(6, include_str!("migrations/06_recruitment.sql")),
    Migration::new(7, include_str!("migrations/07_change_note.sql")),
    Migration::on_both(
        8,
        include_str!("migrations/08_credit_projects.sql"),
        include_str!("migrations/08_credit_projects.server.sql"),
    ),
    Migration::new(
        9,
        include_str!("migrations/09_keys_and_one_valid_certificate.sql"),
    ),
    Migration::on_both(
        10,
        include_str!("migrations/10_teacher_applications.sql"),
        include_str!("migrations/10_teacher_applications.server.sql"),
    ),
    Migration::new(11, include_str!("migrations/11_platform_fields.sql")),
    Migration::on_both(
        12,
        include_str!("migrations/12_rotation_plans.sql"),
        include_str!("migrations/12_rotation_plans.server.sql"),
    ),
    Migration::on_both(
        13,
        include_str!("migrations/13_status_lists.sql"),
        include_str!("migrations/13_status_lists.server.sql"),
    ),
    Migration::on_both(
        14,
        include_str!("migrations/14_certificate_void.sql"),
        include_str!("migrations/14_certificate_void.server.sql"),
    ),
];
