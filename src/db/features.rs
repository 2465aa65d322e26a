//! What only a server has, asked for by what it does rather than by which
//! engine runs: the domain modules call these and never ask whether they
//! speak to a file or a server. On a file each either does nothing (a file
//! has one writer at a time and no users) or says the feature is absent.

use super::sql::{Connection, Engine, Result};

/// Whether the database guards its data against its own users: row-level
/// policies hide rows, password hashes are the owner's alone, and
/// functions answer for what a user may not read (a server). A file
/// guards nothing: whoever may open it reads and changes all of it.
pub fn guarded(conn: &Connection) -> bool {
    conn.engine() == Engine::Postgres
}

/// Whether the database has users and roles to grant (a server).
pub fn has_roles(conn: &Connection) -> bool {
    conn.engine() == Engine::Postgres
}

/// The engine's name as `db init` reports it.
pub fn engine_name(conn: &Connection) -> &'static str {
    match conn.engine() {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    }
}

/// The SQL expression of the user a change is recorded under when the
/// database itself says who is connected (a server's `session_user`,
/// which no client can forge); `None` on a file, where the actor is what
/// meded is told.
pub fn session_user(conn: &Connection) -> Option<&'static str> {
    (conn.engine() == Engine::Postgres).then_some("session_user")
}

/// Takes the lock `key` for the rest of the transaction: `alone`, or
/// shared with others that take it shared (a server's advisory lock).
/// Nothing on a file, whose write transaction is alone already.
pub fn lock_transaction(tx: &Connection, key: i64, alone: bool) -> Result<()> {
    if tx.engine() == Engine::Sqlite {
        return Ok(());
    }
    let sql = if alone {
        "SELECT pg_advisory_xact_lock(?1)"
    } else {
        "SELECT pg_advisory_xact_lock_shared(?1)"
    };
    tx.query_row(sql, [key], |_| Ok(()))
}

/// The clause that ends a query to lock the rows it reads of `alias` until
/// the transaction ends, so that nobody changes them while a writer judges
/// them (a server's `FOR UPDATE`). Empty on a file, whose writer is alone.
pub fn locking(conn: &Connection, alias: &str) -> String {
    match conn.engine() {
        Engine::Postgres => format!(" FOR UPDATE OF {alias}"),
        Engine::Sqlite => String::new(),
    }
}
