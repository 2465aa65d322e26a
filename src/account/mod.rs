//! Accounts: residents, teachers, CME members and applicants, their
//! training records, passwords, and what has happened to them.

pub mod delete;
pub mod import;
pub mod password;
pub mod review;

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::msg;
use crate::rules::text::identifier;

pub use password::PasswordState;
pub use review::Registration;

/// What an account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 住院医师: a resident in standardised training.
    Resident,
    /// 师资: a clinical teacher.
    Teacher,
    /// 继教个人用户: a CME member.
    Member,
    /// 报名人员: an applicant of recruitment (招录), of no organisation until
    /// admitted to a base as a resident.
    Applicant,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Teacher => "teacher",
            Role::Member => "member",
            Role::Applicant => "applicant",
        }
    }

    pub fn from_key(s: &str) -> Option<Role> {
        match s {
            "resident" => Some(Role::Resident),
            "teacher" => Some(Role::Teacher),
            "member" => Some(Role::Member),
            "applicant" => Some(Role::Applicant),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Resident => "住院医师",
            Role::Teacher => "师资",
            Role::Member => "继教人员",
            Role::Applicant => "报名人员",
        }
    }
}

/// An account as listed.
#[derive(Debug, Clone, Serialize)]
pub struct AccountRow {
    pub id_number: String,
    pub id_type: String,
    pub name: String,
    pub phone: Option<String>,
    pub role: Role,
    pub org: String,
    pub password_state: PasswordState,
    /// CME members: 单位待审 / 单位审核不过 / 单位审核通过.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
}

fn role_of(s: String) -> Role {
    Role::from_key(&s).unwrap_or(Role::Resident)
}

/// Every account, or those of one organisation, by ID number; with
/// `registration`, only the members in that state.
pub fn list(
    conn: &Connection,
    org: Option<&str>,
    registration: Option<Registration>,
) -> Result<Vec<AccountRow>> {
    let org_id = match org {
        Some(code) => Some(crate::org::find(conn, code)?.id),
        None => None,
    };
    let mut stmt = conn.prepare(
        "SELECT a.id_number, a.id_type, a.name, a.phone, a.role, coalesce(o.code, ''),
                a.password_state, a.registration
         FROM account a LEFT JOIN org o ON o.id = a.org_id
         WHERE (?1 IS NULL OR a.org_id = ?1) AND (?2 IS NULL OR a.registration = ?2)
         ORDER BY a.id_number",
    )?;
    let rows = stmt.query_map(params![org_id, registration], |r| {
        Ok(AccountRow {
            id_number: r.get(0)?,
            id_type: r.get(1)?,
            name: r.get(2)?,
            phone: r.get(3)?,
            role: role_of(r.get(4)?),
            org: r.get(5)?,
            password_state: PasswordState::from_key(&r.get::<_, String>(6)?),
            registration: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// A training record, as `account show` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingRow {
    pub org: String,
    pub org_name: String,
    pub recruit_year: i32,
    pub status: String,
}

/// What the account table and its training records say about one account
/// (`account show` adds a member's standards and the history).
#[derive(Debug, Clone, Serialize)]
pub struct AccountDetail {
    /// The account's row id, for looking up what hangs on it.
    #[serde(skip)]
    pub account_id: i64,
    pub id_number: String,
    pub id_type: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub org: String,
    pub org_name: String,
    pub role: Role,
    pub department: Option<String>,
    pub title: Option<String>,
    pub password_state: PasswordState,
    /// CME members: the unit's review of their registration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    /// CME members: 参加继教 (absent when the roster did not say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub takes_cme: Option<bool>,
    /// CME members: 学分达标遵照, the region level whose standards they
    /// registered to follow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard_region: Option<String>,
    pub training: Vec<TrainingRow>,
}

/// The account with this ID number (as typed: normalised first); a clear
/// error if there is none.
pub fn show(conn: &Connection, id_number: &str) -> Result<AccountDetail> {
    let id_number = identifier(id_number);
    let detail = conn
        .query_row(
            "SELECT a.id, a.id_number, a.id_type, a.name, a.phone, a.email,
                    coalesce(o.code, ''), coalesce(o.name, ''),
                    a.role, d.name, a.title, a.password_state, a.registration, a.takes_cme,
                    a.standard_region
             FROM account a LEFT JOIN org o ON o.id = a.org_id
             LEFT JOIN department d ON d.id = a.department_id
             WHERE a.id_number = ?1",
            [&id_number],
            |r| {
                Ok(AccountDetail {
                    account_id: r.get(0)?,
                    id_number: r.get(1)?,
                    id_type: r.get(2)?,
                    name: r.get(3)?,
                    phone: r.get(4)?,
                    email: r.get(5)?,
                    org: r.get(6)?,
                    org_name: r.get(7)?,
                    role: role_of(r.get(8)?),
                    department: r.get(9)?,
                    title: r.get(10)?,
                    password_state: PasswordState::from_key(&r.get::<_, String>(11)?),
                    registration: r.get(12)?,
                    takes_cme: r.get(13)?,
                    standard_region: r.get(14)?,
                    training: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut detail) = detail else {
        return Err(no_account(&id_number));
    };
    let mut stmt = conn.prepare(
        "SELECT o.code, o.name, t.recruit_year, t.status
         FROM training t JOIN org o ON o.id = t.org_id
         WHERE t.account_id = ?1 ORDER BY t.id",
    )?;
    detail.training = stmt
        .query_map(params![detail.account_id], |r| {
            Ok(TrainingRow {
                org: r.get(0)?,
                org_name: r.get(1)?,
                recruit_year: r.get(2)?,
                status: r.get(3)?,
            })
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(detail)
}

/// An account found by its ID number, with its organisation. An applicant
/// has none: `org_id` is 0 (no organisation has it) and the code and name
/// are empty.
#[derive(Debug, Clone)]
pub struct Found {
    pub id: i64,
    pub id_number: String,
    pub name: String,
    pub role: Role,
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
    pub registration: Option<Registration>,
    pub takes_cme: Option<bool>,
}

impl Found {
    /// Whether this CME member counts (see [`Standing`]).
    pub fn standing(&self) -> Standing {
        Standing::of(self.registration, self.takes_cme)
    }
}

/// The account with this ID number (already normalised), if any. Every
/// module looks a person up through here.
pub fn find(conn: &Connection, id_number: &str) -> Result<Option<Found>> {
    // Two lookups rather than a join: a cached statement joining account
    // and org is prepared again at every use (SQLite marks its plan as
    // depending on the bound value), which made this lookup cost several
    // times more than the two simple ones.
    let found = conn
        .prepare_cached(
            "SELECT id, name, role, org_id, registration, takes_cme
             FROM account WHERE id_number = ?1",
        )?
        .query_row([id_number], |r| {
            Ok(Found {
                id: r.get(0)?,
                id_number: id_number.to_owned(),
                name: r.get(1)?,
                role: role_of(r.get(2)?),
                org_id: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                org_code: String::new(),
                org_name: String::new(),
                registration: r.get(4)?,
                takes_cme: r.get(5)?,
            })
        })
        .optional()?;
    let Some(mut found) = found else {
        return Ok(None);
    };
    if found.org_id != 0 {
        (found.org_code, found.org_name) = conn
            .prepare_cached("SELECT code, name FROM org WHERE id = ?1")?
            .query_row([found.org_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    }
    Ok(Some(found))
}

/// The accounts of the ID numbers in the `id_number` column of the
/// temporary table `staged`, by ID number: [`find`] for a batch of a bulk
/// import on a server, in one statement.
pub fn find_staged(
    conn: &Connection,
    staged: &str,
) -> Result<std::collections::HashMap<String, Found>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.id_number, a.name, a.role, a.org_id, a.registration, a.takes_cme,
                o.code, o.name
         FROM {staged} s JOIN account a ON a.id_number = s.id_number
         LEFT JOIN org o ON o.id = a.org_id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let found = Found {
            id: r.get(0)?,
            id_number: r.get(1)?,
            name: r.get(2)?,
            role: role_of(r.get(3)?),
            org_id: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
            registration: r.get(5)?,
            takes_cme: r.get(6)?,
            org_code: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
            org_name: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        };
        out.insert(found.id_number.clone(), found);
    }
    Ok(out)
}

/// The CME member with this ID number, or why there is none: no account,
/// or an account of another role. `what` ends the second message: "has
/// no credit certificate", "has no credits", ….
pub fn find_member(
    conn: &Connection,
    id_number: &str,
) -> Result<std::result::Result<Found, crate::i18n::Msg>> {
    Ok(match find(conn, id_number)? {
        None => Err(no_account_msg(id_number)),
        Some(f) if f.role == Role::Member => Ok(f),
        Some(f) => {
            let role = f.role.label();
            Err(msg!(
                "{id_number} 是{role}账号,不是继教人员",
                "{id_number} is a {role} account, not a CME member"
            ))
        }
    })
}

/// Whether a CME member counts for standards and certificates: only a
/// registration the unit approved, of a member who takes part in CME.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Active,
    /// 单位待审 (or never reviewed).
    PendingRegistration,
    /// 单位审核不过.
    RejectedRegistration,
    /// 参加继教: 否.
    NotTakingCme,
}

impl Standing {
    pub fn of(registration: Option<Registration>, takes_cme: Option<bool>) -> Standing {
        match registration {
            Some(Registration::Approved) if takes_cme == Some(false) => Standing::NotTakingCme,
            Some(Registration::Approved) => Standing::Active,
            Some(Registration::Rejected) => Standing::RejectedRegistration,
            Some(Registration::Pending) | None => Standing::PendingRegistration,
        }
    }

    /// Why a member who is not active is left out.
    pub fn reason(self) -> Option<crate::i18n::Msg> {
        match self {
            Standing::Active => None,
            Standing::PendingRegistration | Standing::RejectedRegistration => {
                let state = if self == Standing::PendingRegistration {
                    Registration::Pending.label()
                } else {
                    Registration::Rejected.label()
                };
                Some(msg!(
                    "注册状态为{state},单位审核通过后才计入",
                    "the registration is {state}: a member counts once the unit has approved it"
                ))
            }
            Standing::NotTakingCme => Some(msg!(
                "参加继教为“否”",
                "the member does not take part in CME (参加继教: 否)"
            )),
        }
    }
}

/// Members left out of a check or a bulk run, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Registration 单位待审: the unit has not approved it yet.
    pub pending_registration: u64,
    /// Registration 单位审核不过.
    pub rejected_registration: u64,
    /// 参加继教 否.
    pub not_taking_cme: u64,
}

impl LeftOut {
    /// Counts a member who is not active; says whether the member is.
    pub fn admit(&mut self, standing: Standing) -> bool {
        match standing {
            Standing::Active => return true,
            Standing::PendingRegistration => self.pending_registration += 1,
            Standing::RejectedRegistration => self.rejected_registration += 1,
            Standing::NotTakingCme => self.not_taking_cme += 1,
        }
        false
    }

    pub fn total(&self) -> u64 {
        self.pending_registration + self.rejected_registration + self.not_taking_cme
    }
}

/// The error for an ID number that has no account.
pub fn no_account(id_number: &str) -> Error {
    Error::Usage(no_account_msg(id_number))
}

pub fn no_account_msg(id_number: &str) -> crate::i18n::Msg {
    msg!(
        "没有证件号码为 {id_number} 的账号",
        "no account with the ID number {id_number}"
    )
}

/// A list of ID numbers for `reset-password --file`: a spreadsheet with a
/// 证件号码 column, or a plain text file with one number per line. A list
/// that names nobody (a header alone) is refused: a command asked to act on
/// the people of a file must not report success on none.
pub fn read_id_list(path: &std::path::Path) -> Result<Vec<String>> {
    let ids = read_ids(path)?;
    if ids.is_empty() {
        let p = path.display();
        return Err(Error::Input(msg!(
            "{p} 中没有数据行(没有证件号码)",
            "no data rows in {p} (no ID numbers)"
        )));
    }
    Ok(ids)
}

fn read_ids(path: &std::path::Path) -> Result<Vec<String>> {
    use crate::sheet::{Column, Format, Layout, Workbook};
    const LIST: Layout = Layout {
        sheet: "",
        columns: &[Column::required(
            "证件号码",
            &[
                "id number",
                "id no",
                "证件号",
                "身份证号",
                "身份证号码",
                "身份证件号码",
            ],
        )],
    };
    let book = Workbook::open(path)?;
    match book.table(None, &LIST) {
        Ok(table) => table
            .map(|r| r.map(|r| r.get(0).text().into_owned()))
            .filter(|r| r.as_ref().map_or(true, |s| !s.is_empty()))
            .collect(),
        Err(Error::Input(_)) if book.format() == Format::Csv => {
            let bytes = std::fs::read(path).map_err(|e| Error::unreadable(path, &e))?;
            // A list saved by Notepad on Chinese Windows is GBK.
            let text = match std::str::from_utf8(&bytes) {
                Ok(t) => std::borrow::Cow::Borrowed(t.trim_start_matches('\u{FEFF}')),
                Err(_) => encoding_rs::GB18030.decode_without_bom_handling(&bytes).0,
            };
            Ok(text
                .lines()
                .map(|l| l.split([',', '\t']).next().unwrap_or("").trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect())
        }
        Err(e) => Err(e),
    }
}
