//! A province's shared database on PostgreSQL: `meded db init` and which
//! database user plays which role for which organisations (`meded db
//! grant`). The roles and their row-level security policies are stated in
//! roles.postgres.sql; the server enforces them, whatever client connects.

use std::path::Path;

use serde::Serialize;

use crate::db::sql::{Connection, params};
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::msg;
use crate::org::{self, OrgKind};

/// The three roles of a shared database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A training base's office: the rows of its organisations; submits,
    /// never approves.
    BaseAdmin,
    /// The province: reads what bases submitted, approves and returns it.
    ProvinceReviewer,
    /// A CME office: its members, their credits and certificates.
    CmeOffice,
}

impl Role {
    /// The name on the command line and in the grants table.
    pub fn key(self) -> &'static str {
        match self {
            Role::BaseAdmin => "base-admin",
            Role::ProvinceReviewer => "province-reviewer",
            Role::CmeOffice => "cme-office",
        }
    }

    /// The database role a user is made a member of.
    pub fn database_role(self) -> &'static str {
        match self {
            Role::BaseAdmin => "meded_base_admin",
            Role::ProvinceReviewer => "meded_province_reviewer",
            Role::CmeOffice => "meded_cme_office",
        }
    }

    /// The kind of organisation the role administers, if it is bound to
    /// organisations at all.
    fn org_kind(self) -> Option<OrgKind> {
        match self {
            Role::BaseAdmin => Some(OrgKind::Base),
            Role::CmeOffice => Some(OrgKind::Cme),
            Role::ProvinceReviewer => None,
        }
    }
}

/// What `db init` did.
#[derive(Debug, Clone, Serialize)]
pub struct Initialised {
    pub engine: &'static str,
    pub schema_version: i32,
    /// Whether the roles and policies were (re)made.
    pub roles: bool,
    /// What the server's administrator still has to run: the hardening
    /// the owner of the tables may not do itself (see docs/security.md).
    pub dba_steps: Vec<String>,
}

fn needs_server(what: &str) -> Error {
    Error::Usage(msg!(
        "{what} 只用于 PostgreSQL 数据库(--db postgres://…):数据库文件没有用户和角色,能打开文件的人即可操作全部数据",
        "{what} is for a PostgreSQL database (--db postgres://…): a database file has no users or roles; whoever can open the file can do everything"
    ))
}

/// `meded db init` without roles: the database `conn` was opened on (and
/// made, when there was none) is reported.
pub fn init(conn: &Connection) -> Initialised {
    Initialised {
        engine: crate::db::features::engine_name(conn),
        schema_version: crate::db::schema_version(),
        roles: false,
        dba_steps: Vec::new(),
    }
}

/// `meded db init --roles` on the server `target` names: the schema, the
/// three roles and their policies — all of it or, when the connected user
/// lacks a right it needs, nothing (and why).
pub fn init_roles(target: &Path) -> Result<Initialised> {
    if !crate::db::is_url(target) {
        return Err(needs_server("--roles"));
    }
    let mut conn = crate::db::connect(target)?;
    let dba_steps = crate::db::init_roles(&mut conn, &crate::db::shown(target))?;
    Ok(Initialised {
        engine: "postgres",
        schema_version: crate::db::schema_version(),
        roles: true,
        dba_steps,
    })
}

/// What `db grant` did.
#[derive(Debug, Clone, Serialize)]
pub struct Granted {
    pub user: String,
    pub role: Role,
    pub orgs: Vec<String>,
    /// Whether the database user was created (as a login without a
    /// password: the server's administrator sets how it authenticates).
    pub created_user: bool,
}

/// A database user's name as meded accepts it: letters, digits and
/// `_ . - @`, so that it is never SQL.
fn check_user(user: &str) -> Result<()> {
    let fine = !user.is_empty()
        && user.len() <= 63
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '@'));
    if fine {
        Ok(())
    } else {
        Err(Error::Usage(msg!(
            "数据库用户名 {user:?} 无效:只能含字母、数字和 _ . - @,最长 63 个字符",
            "{user:?} is not a database user name meded accepts: letters, digits and _ . - @, at most 63 characters"
        )))
    }
}

/// `meded db grant USER --role R [--org C]…`: makes `user` (created if the
/// server has no such login) a member of the role, for the organisations
/// named. A base administrator names training bases, a CME office CME
/// institutions; a province reviewer names none.
pub fn grant(
    conn: &mut Connection,
    user: &str,
    role: Role,
    orgs: &[String],
    who: &Who,
) -> Result<Granted> {
    if !crate::db::features::has_roles(conn) {
        return Err(needs_server("db grant"));
    }
    check_user(user)?;
    let kind = role.org_kind();
    match (kind, orgs.is_empty()) {
        (Some(_), true) => {
            let r = role.key();
            return Err(Error::Usage(msg!(
                "{r} 需用 --org 指定其管理的机构",
                "a {r} administers organisations: name them with --org"
            )));
        }
        (None, false) => {
            return Err(Error::Usage(msg!(
                "省级审核角色看全部基地上报的记录,不加 --org",
                "a province reviewer reads every base's submissions: give no --org"
            )));
        }
        _ => {}
    }
    let tx = crate::db::write(conn)?;
    // Roles belong to the whole server; the policies to this database.
    let roles_made: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)
            AND (SELECT relrowsecurity FROM pg_class WHERE oid = 'account'::regclass)",
        [role.database_role()],
        |r| r.get(0),
    )?;
    if !roles_made {
        return Err(Error::Usage(msg!(
            "数据库还没有角色和访问策略:先运行 meded db init --roles",
            "the database has no roles and policies yet: run meded db init --roles first"
        )));
    }
    let mut found = Vec::new();
    for code in orgs {
        let org = match kind {
            Some(kind) => org::find_kind(&tx, code, kind)?,
            None => org::find(&tx, code)?,
        };
        found.push(org);
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)",
        [user],
        |r| r.get(0),
    )?;
    // Names were checked above: quoting them is enough.
    if !exists {
        tx.execute_batch(&format!("CREATE ROLE \"{user}\" LOGIN"))?;
    }
    tx.execute_batch(&format!("GRANT {} TO \"{user}\"", role.database_role()))?;
    let change = Change::begin(&tx, who)?;
    let now = crate::history::now();
    let mut granted = Vec::new();
    let org_ids: Vec<Option<i64>> = if found.is_empty() {
        vec![None]
    } else {
        found.iter().map(|o| Some(o.id)).collect()
    };
    for org_id in org_ids {
        tx.execute(
            "INSERT INTO meded_grant (username, role, org_id, granted)
             SELECT ?1, ?2, ?3, ?4
             WHERE NOT EXISTS (SELECT 1 FROM meded_grant
                               WHERE username = ?1 AND role = ?2
                                 AND org_id IS NOT DISTINCT FROM ?3)",
            params![user, role.key(), org_id, now],
        )?;
    }
    for org in &found {
        granted.push(org.code.clone());
        change.log(
            &tx,
            &Item {
                subject: &org.code,
                entity: "grant",
                action: "grant",
                field: None,
                before: None,
                after: Some(&format!("{user}: {}", role.key())),
                note: None,
            },
        )?;
    }
    tx.commit()?;
    Ok(Granted {
        user: user.to_owned(),
        role,
        orgs: granted,
        created_user: !exists,
    })
}
