//! Passwords: the three states and the policy of docs/domain.md#passwords,
//! Argon2id hashing, and resets.
//!
//! A password never reaches the database in clear. The platforms' known
//! default (000000, 111111) is a state, `initial`, rather than a hash per
//! account: everyone knows it anyway, and a million-row import must not
//! spend hours hashing it.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::db::sql::{Connection, OptionalExtension, params};
use argon2::password_hash::PasswordVerifier;
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{ARGON2ID_IDENT, Argon2, Block, Params, Version};
use rayon::prelude::*;
use serde::Serialize;

use super::{Role, no_account};
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::identifier;

/// The state of an account's password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PasswordState {
    /// The deployment's default password; must be changed at first login.
    Initial,
    /// A random password issued by a reset; must be changed.
    Temporary,
    /// Chosen by the user.
    Set,
}

impl PasswordState {
    pub fn key(self) -> &'static str {
        match self {
            PasswordState::Initial => "initial",
            PasswordState::Temporary => "temporary",
            PasswordState::Set => "set",
        }
    }

    pub fn from_key(s: &str) -> PasswordState {
        match s {
            "temporary" => PasswordState::Temporary,
            "set" => PasswordState::Set,
            _ => PasswordState::Initial,
        }
    }

    /// The state as people read it.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            PasswordState::Initial => lang.pick("初始(默认密码)", "initial"),
            PasswordState::Temporary => lang.pick("临时", "temporary"),
            PasswordState::Set => lang.pick("已设置", "set"),
        }
    }
}

/// The characters the policy counts as special.
fn is_special(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// The policy for a password a user chooses (docs/domain.md#passwords):
/// 8–16 characters, with upper case, lower case, a digit and a special
/// character; printable ASCII only, so that it can be typed on any keyboard.
pub fn check_policy(password: &str) -> Result<(), Msg> {
    let len = password.chars().count();
    let mut missing = Vec::new();
    if !(8..=16).contains(&len) {
        missing.push(msg!(
            "长度 8–16 位(现为 {len} 位)",
            "8–16 characters (it has {len})"
        ));
    }
    if password.chars().any(|c| !(c.is_ascii_graphic())) {
        missing.push(msg!(
            "只用可打印的英文字符,不含空格和中文",
            "printable ASCII only, without blanks"
        ));
    }
    if !password.chars().any(|c| c.is_ascii_uppercase()) {
        missing.push(msg!("大写字母", "an upper-case letter"));
    }
    if !password.chars().any(|c| c.is_ascii_lowercase()) {
        missing.push(msg!("小写字母", "a lower-case letter"));
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        missing.push(msg!("数字", "a digit"));
    }
    if !password.chars().any(is_special) {
        missing.push(msg!(
            "特殊字符(如 !@#%)",
            "a special character (such as !@#%)"
        ));
    }
    if missing.is_empty() {
        return Ok(());
    }
    let zh: Vec<&str> = missing.iter().map(|m| m.zh.as_str()).collect();
    let en: Vec<&str> = missing.iter().map(|m| m.en.as_str()).collect();
    Err(Msg::new(
        format!("密码不符合要求,需要:{}", zh.join("、")),
        format!(
            "the password does not meet the policy; it needs {}",
            en.join(", ")
        ),
    ))
}

/// Argon2id with the OWASP parameters (19 MiB, two passes, one lane) and
/// its 19 MiB of working memory kept between passwords: hashing thousands
/// of passwords then costs one allocation per thread, not one per password
/// (which left the allocator holding hundreds of megabytes).
pub struct Hasher {
    blocks: Vec<Block>,
}

impl Default for Hasher {
    fn default() -> Hasher {
        Hasher {
            blocks: vec![Block::default(); Params::DEFAULT.block_count()],
        }
    }
}

fn hash_error(e: impl std::fmt::Display) -> Error {
    Error::Io {
        msg: msg!("无法计算密码散列", "cannot hash the password"),
        source: std::io::Error::other(e.to_string()),
    }
}

impl Hasher {
    /// The PHC string of `password` with a fresh random salt.
    pub fn hash(&mut self, password: &str) -> Result<String> {
        let argon = Argon2::default();
        let salt = Salt::generate();
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        argon
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt.as_ref(),
                &mut out,
                &mut self.blocks,
            )
            .map_err(hash_error)?;
        let phc = PasswordHash {
            algorithm: ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&Params::DEFAULT).map_err(hash_error)?,
            salt: Some(salt),
            hash: Some(Output::new(&out).map_err(hash_error)?),
        };
        Ok(phc.to_string())
    }
}

thread_local! {
    /// One hasher per thread of the pool that hashes random passwords.
    static THREAD_HASHER: std::cell::RefCell<Hasher> = std::cell::RefCell::new(Hasher::default());
}

/// Hashes one password (see [`Hasher`]).
pub fn hash(password: &str) -> Result<String> {
    Hasher::default().hash(password)
}

/// Whether `password` matches a PHC string made by [`hash`].
pub fn verify(password: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

/// The platforms' defaults: 000000 for residents (the national residency
/// platform's), 111111 for CME members (the CME platform's). Applicants
/// register as residents on the recruitment platform and keep their account
/// when admitted: theirs is the residents' default.
pub fn builtin_default(role: Role) -> &'static str {
    match role {
        Role::Member => "111111",
        Role::Resident | Role::Teacher | Role::Applicant => "000000",
    }
}

fn setting_key(role: Role) -> String {
    format!("default_password.{}", role.key())
}

/// Whether `password` is the default password of `role` in this deployment.
fn is_default(conn: &Connection, role: Role, password: &str) -> Result<bool> {
    let configured: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [setting_key(role)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match configured {
        Some(phc) => verify(password, &phc),
        None => constant_time_eq(password.as_bytes(), builtin_default(role).as_bytes()),
    })
}

/// The PHC string of `password` hashed with the algorithm, parameters and
/// salt of `template` (a PHC string without its hash): what a server
/// compares with the hash it keeps, so that the hash never leaves it.
pub fn hash_like(template: &str, password: &str) -> Result<String> {
    let t = PasswordHash::new(template).map_err(hash_error)?;
    if t.algorithm != ARGON2ID_IDENT {
        return Err(hash_error(format!("not Argon2id: {}", t.algorithm)));
    }
    let params = Params::try_from(&t).map_err(hash_error)?;
    let version = match t.version {
        None => Version::V0x13,
        Some(v) => Version::try_from(v).map_err(hash_error)?,
    };
    let salt = t
        .salt
        .ok_or_else(|| hash_error("the stored hash has no salt"))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(argon2::Algorithm::Argon2id, version, params)
        .hash_password_into(password.as_bytes(), salt.as_ref(), &mut out)
        .map_err(hash_error)?;
    let phc = PasswordHash {
        algorithm: t.algorithm,
        version: t.version,
        params: t.params.clone(),
        salt: Some(salt),
        hash: Some(Output::new(&out).map_err(hash_error)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` is the account's password (`default` false) or the
/// default password of its role (`default` true). On a server nobody but
/// the owner may read a hash: the server hands out the salt of what it
/// keeps for an account the user administers, and answers whether the
/// password hashed with it is what it keeps.
fn matches(
    conn: &Connection,
    id_number: &str,
    s: &Stored,
    password: &str,
    default: bool,
) -> Result<bool> {
    if !crate::db::features::guarded(conn) {
        return Ok(
            match (default || s.state == PasswordState::Initial, &s.hash) {
                (false, Some(phc)) => verify(password, phc),
                _ => is_default(conn, s.role, password)?,
            },
        );
    }
    let salt: Option<String> = conn.query_row(
        "SELECT meded_password_salt(?1, ?2)",
        params![id_number, default],
        |r| r.get(0),
    )?;
    let Some(salt) = salt else {
        // Nothing stored: the built-in default of the role.
        return Ok((default || s.state == PasswordState::Initial)
            && constant_time_eq(password.as_bytes(), builtin_default(s.role).as_bytes()));
    };
    let candidate = hash_like(&salt, password)?;
    let same: Option<bool> = conn.query_row(
        "SELECT meded_password_matches(?1, ?2, ?3)",
        params![id_number, default, candidate],
        |r| r.get(0),
    )?;
    Ok(same == Some(true))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Sets the default password of a role for this deployment. It is stored
/// only as a hash; every account in state `initial` uses it from now on.
pub fn set_default(conn: &mut Connection, role: Role, password: &str, who: &Who) -> Result<()> {
    if password.chars().count() < 6 || password.chars().any(|c| !c.is_ascii_graphic()) {
        return Err(Error::Usage(msg!(
            "默认密码至少 6 位,只用可打印的英文字符",
            "a default password has at least 6 printable ASCII characters"
        )));
    }
    let phc = hash(password)?;
    let tx = crate::db::write(conn)?;
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![setting_key(role), phc],
    )?;
    change.log(
        &tx,
        &Item {
            subject: &setting_key(role),
            entity: "setting",
            action: "update",
            note: Some("default password changed"),
            ..Item::default()
        },
    )?;
    tx.commit()?;
    Ok(())
}

struct Stored {
    role: Role,
    state: PasswordState,
    hash: Option<String>,
}

fn stored(conn: &Connection, id_number: &str) -> Result<Stored> {
    // A server lets nobody but the owner select the hash column: `matches`
    // asks the server instead.
    let sql = if crate::db::features::guarded(conn) {
        "SELECT role, password_state, NULL FROM account WHERE id_number = ?1"
    } else {
        "SELECT role, password_state, password_hash FROM account WHERE id_number = ?1"
    };
    conn.query_row(sql, [id_number], |r| {
        Ok(Stored {
            role: Role::from_key(&r.get::<_, String>(0)?).unwrap_or(Role::Resident),
            state: PasswordState::from_key(&r.get::<_, String>(1)?),
            hash: r.get(2)?,
        })
    })
    .optional()?
    .ok_or_else(|| no_account(id_number))
}

/// What a login with a password would meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// The password is the account's, and the account may log in.
    Allowed,
    /// The password is not the account's.
    WrongPassword,
    /// The password is the account's, but the platform would refuse the
    /// login: a CME member whose registration the unit has not approved.
    Refused(Msg),
}

/// Whether `password` is this account's password, and whether the account
/// may log in with it.
pub fn check(conn: &Connection, id_number: &str, password: &str) -> Result<Login> {
    let id_number = identifier(id_number);
    let s = stored(conn, &id_number)?;
    if !matches(conn, &id_number, &s, password, false)? {
        return Ok(Login::WrongPassword);
    }
    if s.role == Role::Member
        && let Some(found) = super::find(conn, &id_number)?
        && found.registration != Some(super::Registration::Approved)
    {
        let state = found
            .registration
            .unwrap_or(super::Registration::Pending)
            .label();
        return Ok(Login::Refused(msg!(
            "密码正确,但注册状态为{state}:单位审核通过后才能登录",
            "the password matches, but the registration is {state}: a member may log in once the unit has approved it"
        )));
    }
    Ok(Login::Allowed)
}

/// Sets a password the user chose, after checking it against the policy.
pub fn set(conn: &mut Connection, id_number: &str, password: &str, who: &Who) -> Result<()> {
    let id_number = identifier(id_number);
    check_policy(password).map_err(Error::Usage)?;
    let s = stored(conn, &id_number)?;
    if matches(conn, &id_number, &s, password, true)? {
        return Err(Error::Usage(msg!(
            "新密码不能是默认密码",
            "the new password cannot be the default password"
        )));
    }
    let phc = hash(password)?;
    let tx = crate::db::write(conn)?;
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "UPDATE account SET password_state = 'set', password_hash = ?2 WHERE id_number = ?1",
        params![id_number, phc],
    )?;
    change.log(
        &tx,
        &Item {
            subject: &id_number,
            entity: "password",
            action: "set",
            before: Some(s.state.key()),
            after: Some("set"),
            ..Item::default()
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// A user's own change of password (the platforms' 修改密码): the old
/// password is checked first, as a login would check it, and only then is
/// the new one set. Returns what checking the old one met; nothing changes
/// unless it is [`Login::Allowed`].
pub fn change(
    conn: &mut Connection,
    id_number: &str,
    old: &str,
    new: &str,
    who: &Who,
) -> Result<Login> {
    let login = check(conn, id_number, old)?;
    if login != Login::Allowed {
        return Ok(login);
    }
    if old == new {
        return Err(Error::Usage(msg!(
            "新密码与原密码相同",
            "the new password is the same as the old one"
        )));
    }
    set(conn, id_number, new, who)?;
    Ok(Login::Allowed)
}

/// The letters of random passwords: no 0/O, 1/l/I that people misread, and
/// no special character a spreadsheet would take for a formula at the start.
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
const DIGIT: &[u8] = b"23456789";
const SPECIAL: &[u8] = b"!#%*?@$^";

/// Length of a random temporary password.
pub const RANDOM_LENGTH: usize = 12;

/// A random temporary password that satisfies the policy: a letter first,
/// then at least one of each class, from the operating system's generator.
pub fn random_password() -> String {
    let pick = |set: &[u8]| set[rand::random_range(0..set.len())] as char;
    let all: Vec<u8> = [UPPER, LOWER, DIGIT, SPECIAL].concat();
    loop {
        let mut p = String::with_capacity(RANDOM_LENGTH);
        p.push(pick(if rand::random_bool(0.5) { UPPER } else { LOWER }));
        while p.len() < RANDOM_LENGTH {
            p.push(pick(&all));
        }
        if check_policy(&p).is_ok() {
            return p;
        }
    }
}

/// How `reset-password` resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetMode {
    /// Back to the deployment's default (state `initial`).
    Default,
    /// A random temporary password per account.
    Random,
}

/// One account a reset applies to, with the temporary password issued.
#[derive(Debug, Clone)]
pub struct Issued {
    pub id_number: String,
    pub name: String,
    pub role: Role,
    /// The temporary password, for [`ResetMode::Random`] only. Never logged
    /// or stored: it goes to the credentials file alone.
    pub password: Option<String>,
}

/// An ID number a reset could not apply to.
#[derive(Debug, Clone, Serialize)]
pub struct ResetError {
    pub id_number: String,
    #[serde(skip)]
    pub message: Msg,
}

impl ResetReport {
    /// How many accounts of each role were reset, in the order of [`Role`].
    pub fn by_role(&self) -> Vec<(Role, usize)> {
        [Role::Resident, Role::Teacher, Role::Member, Role::Applicant]
            .into_iter()
            .map(|role| (role, self.reset.iter().filter(|i| i.role == role).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// What a reset did (or, with `dry_run`, would do).
#[derive(Debug, Clone)]
pub struct ResetReport {
    pub reset: Vec<Issued>,
    pub errors: Vec<ResetError>,
    /// Accounts of the organisation left alone: their users chose their
    /// passwords (reset only with `all`).
    pub spared: u64,
    pub written: bool,
}

/// Which accounts to reset.
#[derive(Debug, Clone, Default)]
pub struct ResetTarget {
    /// ID numbers as typed: reset whatever their state.
    pub ids: Vec<String>,
    /// Limits the reset to one organisation's accounts; with no ID numbers,
    /// means all of them whose password is not one the user chose.
    pub org: Option<String>,
    /// With `org` alone: the passwords users chose too.
    pub all: bool,
    /// Only accounts of this role (a base holds residents and teachers).
    pub role: Option<Role>,
    /// Say what would be reset, change nothing.
    pub dry_run: bool,
}

/// Resets passwords. Random passwords are hashed on all cores. `deliver`
/// receives the issued passwords before anything is committed (it writes
/// the credentials file); if it fails, nothing changes.
pub fn reset(
    conn: &mut Connection,
    target: &ResetTarget,
    mode: ResetMode,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
    deliver: &mut dyn FnMut(&[Issued]) -> Result<()>,
) -> Result<ResetReport> {
    let tx = crate::db::write(conn)?;
    let org = match &target.org {
        Some(code) => Some(crate::org::find(&tx, code)?),
        None => None,
    };
    let mut accounts: Vec<(String, String, Role)> = Vec::new();
    let mut errors = Vec::new();
    let mut spared = 0;
    let role_of = |key: String| Role::from_key(&key).unwrap_or(Role::Resident);
    if target.ids.is_empty() {
        if let Some(org) = &org {
            let mut stmt = tx.prepare(
                "SELECT id_number, name, password_state, role FROM account
                 WHERE org_id = ?1 AND (?2 IS NULL OR role = ?2)
                 ORDER BY id_number",
            )?;
            let rows = stmt.query_map(params![org.id, target.role.map(Role::key)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?))
            })?;
            for row in rows {
                let (id, name, state, role) = row?;
                // A base resetting everyone means the accounts nobody has
                // taken over yet; a password a user chose stays theirs.
                if !target.all && PasswordState::from_key(&state) == PasswordState::Set {
                    spared += 1;
                    continue;
                }
                accounts.push((id, name, role_of(role)));
            }
        }
    } else {
        let mut stmt = tx.prepare(
            "SELECT a.name, coalesce(o.code, ''), coalesce(a.org_id, 0), a.role
             FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
        )?;
        let mut seen = std::collections::HashSet::new();
        for raw in &target.ids {
            let id = identifier(raw);
            if !seen.insert(id.clone()) {
                continue;
            }
            let found: Option<(String, String, i64, String)> = stmt
                .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            let found = found.map(|(name, code, org_id, role)| (name, code, org_id, role_of(role)));
            match (found, &org) {
                (None, _) => errors.push(ResetError {
                    message: msg!("没有这个账号", "no such account"),
                    id_number: id,
                }),
                (Some((_, code, org_id, _)), Some(o)) if org_id != o.id => {
                    errors.push(ResetError {
                        message: msg!(
                            "该账号属于机构 {code},不在 {} 的范围内",
                            "the account belongs to {code}, outside {}",
                            o.code
                        ),
                        id_number: id,
                    })
                }
                (Some((_, _, _, role)), _) if target.role.is_some_and(|r| r != role) => {
                    let (is, asked) = (role.label(), target.role.map_or("", Role::label));
                    let (is_en, asked_en) = (role.key(), target.role.map_or("", Role::key));
                    errors.push(ResetError {
                        message: msg!(
                            "该账号是{is}的账号,不是{asked}的(--role)",
                            "the account is a {is_en}'s, not a {asked_en}'s (--role)"
                        ),
                        id_number: id,
                    })
                }
                (Some((name, _, _, role)), _) => accounts.push((id, name, role)),
            }
        }
    }
    if target.dry_run {
        let reset = accounts
            .into_iter()
            .map(|(id_number, name, role)| Issued {
                id_number,
                name,
                role,
                password: None,
            })
            .collect();
        return Ok(ResetReport {
            reset,
            errors,
            spared,
            written: false,
        });
    }
    let change = Change::begin(&tx, who)?;
    let issued = match mode {
        ResetMode::Default => reset_to_default(&tx, &change, accounts, progress)?,
        ResetMode::Random => issue_random(&tx, &change, accounts, progress)?,
    };
    let written = !issued.is_empty();
    if written {
        deliver(&issued)?;
        tx.commit()?;
    }
    Ok(ResetReport {
        reset: issued,
        errors,
        spared,
        written,
    })
}

/// Puts these accounts (ID number, name, role) back to the default password.
pub fn reset_to_default(
    tx: &Connection,
    change: &Change,
    accounts: Vec<(String, String, Role)>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Vec<Issued>> {
    let total = accounts.len() as u64;
    let mut issued = Vec::with_capacity(accounts.len());
    for (i, (id_number, name, role)) in accounts.into_iter().enumerate() {
        write_reset(tx, change, &id_number, None)?;
        progress(i as u64 + 1, total);
        issued.push(Issued {
            id_number,
            name,
            role,
            password: None,
        });
    }
    Ok(issued)
}

/// Gives these accounts (ID number, name, role) random temporary
/// passwords, generated and hashed on all cores, and returns them for
/// delivery.
pub fn issue_random(
    tx: &Connection,
    change: &Change,
    accounts: Vec<(String, String, Role)>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Vec<Issued>> {
    let total = accounts.len() as u64;
    let done = AtomicU64::new(0);
    let hashed: Vec<Result<(Issued, String)>> = accounts
        .into_par_iter()
        .map(|(id_number, name, role)| {
            let password = random_password();
            let phc = THREAD_HASHER.with_borrow_mut(|h| h.hash(&password))?;
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok((
                Issued {
                    id_number,
                    name,
                    role,
                    password: Some(password),
                },
                phc,
            ))
        })
        .collect();
    let mut issued = Vec::with_capacity(hashed.len());
    for item in hashed {
        let (one, phc) = item?;
        write_reset(tx, change, &one.id_number, Some(&phc))?;
        issued.push(one);
    }
    Ok(issued)
}

fn write_reset(tx: &Connection, change: &Change, id_number: &str, phc: Option<&str>) -> Result<()> {
    let state = if phc.is_some() {
        "temporary"
    } else {
        "initial"
    };
    tx.prepare_cached(
        "UPDATE account SET password_state = ?2, password_hash = ?3 WHERE id_number = ?1",
    )?
    .execute(params![id_number, state, phc])?;
    change.log(
        tx,
        &Item {
            subject: id_number,
            entity: "password",
            action: "reset",
            after: Some(state),
            ..Item::default()
        },
    )
}

/// Issued passwords, for the administrator to hand out.
pub fn write_credentials(path: &std::path::Path, issued: &[Issued]) -> Result<()> {
    let headers = [
        "证件号码",
        "姓名",
        // One language: the template's vocabulary, like every file meded
        // writes for an office to hand on.
        "临时密码",
    ];
    let mut w = crate::sheet::write::TableWriter::create(path, "临时密码", &headers)?;
    for i in issued {
        use crate::sheet::Cell;
        w.write_row(&[
            Cell::Text(i.id_number.clone()),
            Cell::Text(i.name.clone()),
            Cell::Text(i.password.clone().unwrap_or_default()),
        ])?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy() {
        assert!(check_policy("Abcdef1!").is_ok());
        assert!(check_policy("Abcdefgh12345678!").is_err()); // 17 characters
        let e = check_policy("abcdefgh").unwrap_err();
        assert!(e.en.contains("upper-case") && e.en.contains("digit") && e.en.contains("special"));
        assert!(e.zh.contains("大写字母"));
        assert!(check_policy("Abc 1234!").is_err());
        assert!(check_policy("Abc密码1234!").is_err());
        assert!(check_policy("000000").is_err());
    }

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let phc = hash("Abcdef1!").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("Abcdef1!", &phc));
        assert!(!verify("Abcdef1?", &phc));
        assert_ne!(phc, hash("Abcdef1!").unwrap(), "salts differ");
    }

    /// What a server hands out for a check (the hash without its output)
    /// is enough to hash a typed password exactly as it was stored.
    #[test]
    fn a_password_hashed_like_the_stored_one_is_the_stored_string() {
        let phc = hash("Abcdef1!").unwrap();
        let salt = &phc[..phc.rfind('$').unwrap()];
        assert_eq!(hash_like(salt, "Abcdef1!").unwrap(), phc);
        assert_ne!(hash_like(salt, "Abcdef1?").unwrap(), phc);
        assert!(hash_like("$pbkdf2$i=1000$c2FsdA", "x").is_err());
    }

    #[test]
    fn random_passwords_meet_the_policy_and_differ() {
        let a = random_password();
        let b = random_password();
        assert_eq!(a.len(), RANDOM_LENGTH);
        assert!(check_policy(&a).is_ok());
        assert_ne!(a, b);
        assert!(a.chars().next().unwrap().is_ascii_alphabetic());
    }
}
