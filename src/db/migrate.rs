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
    /// Keys SQL cannot compute, made before `sql` runs.
    pub keys: Option<TextKeys>,
}

/// A column of keys made by meded from each row's texts
/// ([`super::text_key`]), which SQL cannot compute: before the step's SQL
/// runs, every row that `select` gives (its id, then its texts, in id
/// order) gets its key in a new table `into (id, hash_key)`, each at the
/// first key from its hash that no earlier row took, as a writer places a
/// new row. The step's SQL reads that table and drops it.
pub struct TextKeys {
    pub select: &'static str,
    pub into: &'static str,
}

impl TextKeys {
    /// The key of the next row, `texts`, given the keys taken before it.
    pub fn place(taken: &mut std::collections::HashSet<i64>, texts: &[Option<&str>]) -> i64 {
        let mut key = super::text_key::of(texts);
        while !taken.insert(key) {
            key = super::text_key::next(key);
        }
        key
    }
}

impl Migration {
    /// A step that a server takes as SQLite does (translated).
    const fn new(version: i32, sql: &'static str) -> Migration {
        Migration {
            version,
            sql,
            server: None,
            keys: None,
        }
    }

    /// A step with a server's own SQL.
    const fn on_both(version: i32, sql: &'static str, server: &'static str) -> Migration {
        Migration {
            version,
            sql,
            server: Some(server),
            keys: None,
        }
    }

    /// A step whose SQL reads keys made before it.
    const fn with_keys(self, keys: TextKeys) -> Migration {
        Migration {
            keys: Some(keys),
            ..self
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
    Migration::on_both(
        15,
        include_str!("migrations/15_credit_project_key.sql"),
        include_str!("migrations/15_credit_project_key.server.sql"),
    )
    .with_keys(TextKeys {
        select: "SELECT id, project_no, name, form, organizer, subject FROM credit_project
                 ORDER BY id",
        into: "credit_project_key",
    }),
];

/// [`TextKeys`] on an SQLite file.
pub(crate) fn make_keys_sqlite(
    tx: &rusqlite::Connection,
    keys: &TextKeys,
) -> crate::error::Result<()> {
    let mut taken = std::collections::HashSet::new();
    let mut made = Vec::new();
    let mut stmt = tx.prepare(keys.select)?;
    let width = stmt.column_count();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let texts = (1..width)
            .map(|i| r.get::<_, Option<String>>(i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let texts: Vec<Option<&str>> = texts.iter().map(Option::as_deref).collect();
        made.push((r.get::<_, i64>(0)?, TextKeys::place(&mut taken, &texts)));
    }
    tx.execute_batch(&format!(
        "CREATE TABLE {} (id INTEGER PRIMARY KEY, hash_key INTEGER NOT NULL)",
        keys.into
    ))?;
    let mut insert = tx.prepare(&format!("INSERT INTO {} VALUES (?1, ?2)", keys.into))?;
    for (id, key) in made {
        insert.execute([id, key])?;
    }
    Ok(())
}

/// [`TextKeys`] on a server: the keys go in by COPY.
pub(crate) fn make_keys_server(
    tx: &super::sql::Connection,
    keys: &TextKeys,
) -> crate::error::Result<()> {
    let mut taken = std::collections::HashSet::new();
    let mut made = super::sql::CopyRows::new();
    let mut stmt = tx.prepare(keys.select)?;
    let width = stmt.column_count();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let texts = (1..width)
            .map(|i| r.get::<_, Option<String>>(i))
            .collect::<super::sql::Result<Vec<_>>>()?;
        let texts: Vec<Option<&str>> = texts.iter().map(Option::as_deref).collect();
        made.int(Some(r.get(0)?))
            .int(Some(TextKeys::place(&mut taken, &texts)));
        made.end_row();
    }
    drop(rows);
    drop(stmt);
    tx.execute_batch(&format!(
        "CREATE TABLE {} (id BIGINT PRIMARY KEY, hash_key BIGINT NOT NULL)",
        keys.into
    ))?;
    tx.copy_in(
        &format!("COPY {} (id, hash_key) FROM STDIN", keys.into),
        &made,
    )?;
    Ok(())
}
