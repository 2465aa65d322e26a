//! Issuing credit certificates from the database: a member's approved
//! (审核通过) credits for a span of years, the [`Certificate`] they make,
//! its verification code, and the record of every certificate issued
//! (table `certificate`), one at a time or for a whole organisation.
//!
//! A certificate is recorded only if its file was written, in the same
//! transaction that decided to issue it: the credits are read, the code
//! chosen, the PDF rendered and written, and only then is the record
//! committed. A certificate that cannot be rendered (a character the font
//! lacks) or written leaves no verifiable code behind, and a record that
//! cannot be committed takes its file away again.
//!
//! Re-issuing: a certificate is identified by what it says. Asked for the
//! same member, span and kind again, meded compares the digest of the new
//! text (records, sums, unit, name, title, issue date …) with the member's
//! current certificate: the same text is the same certificate, printed again
//! under its code (a bulk run repeated the same day issues nothing new, and
//! `--as-of` makes the bytes identical); any difference — a credit approved
//! since, a new title, another day — is a new certificate with a new code,
//! and the earlier one is marked superseded by it. A superseded certificate
//! was genuine and still verifies, saying which code replaced it.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::bulk::{Bulk, BulkTarget, Fate, NotWritten};
use super::font::Font;
use super::model::{Certificate, Kind, Row};
use super::render::render_with;
use super::verify::{self, Status, StoredYear, format_code, new_code};
use super::{credential, status};
use crate::account::Role;
use crate::account::{LeftOut, Registration};
use crate::credit::CreditStatus;
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::history::{Change, Item, Who, now};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::codes::Province;
use crate::rules::credit::CreditType;
use crate::rules::text::{identifier, normalize};
use crate::sign::{self, SigningKey};

/// The longest span a certificate covers: the longest window a credit
/// standard may have (`credit_standard.national_years`).
pub const MAX_SPAN_YEARS: i32 = 10;

/// No CME credit is older than this (the credit import's own limit).
pub const FIRST_YEAR: i32 = 1990;

/// Certificates read, rendered and recorded together in a bulk run: enough
/// to keep both cores busy, few enough that the database's write lock is
/// held for well under a second at a time.
pub const BATCH: usize = 500;

/// What a run's certificates say beyond each member's own data.
#[derive(Debug, Clone)]
pub struct IssueOptions {
    pub from: i32,
    pub to: i32,
    pub kind: Kind,
    /// The date printed (today, or `--as-of`).
    pub issue_date: NaiveDate,
    /// The province of the title, as printed (`四川省`); `None`: the
    /// province of the member's organisation.
    pub province: Option<String>,
    /// The text after `认证机构:`; empty by default, where the seal goes.
    pub authority: String,
    /// The issuing line; `None`: `<省>继续医学教育行政管理平台提供信息`, as on
    /// the CME platform's certificate.
    pub issuer: Option<String>,
    /// The key that signs each certificate's QR code (see
    /// [`super::seal`]); its public key is recorded in the database when it
    /// first signs. `None`: certificates without a QR code.
    pub key: Option<SigningKey>,
    /// The status list that the standard credentials written by this run
    /// name (`--status-list-url`); `None`: the list made last (see
    /// [`super::status::list`]).
    pub status_list_url: Option<String>,
}

impl IssueOptions {
    /// A span must run forwards, lie between 1990 and the issue date's
    /// year, and cover at most [`MAX_SPAN_YEARS`].
    pub fn check(&self) -> Result<()> {
        let (from, to) = (self.from, self.to);
        let last = self.issue_date.year();
        if to < from {
            return Err(Error::Usage(msg!(
                "--to {to} 早于 --from {from}",
                "--to {to} is before --from {from}"
            )));
        }
        if from < FIRST_YEAR {
            return Err(Error::Usage(msg!(
                "--from {from} 太早:继续医学教育学分从 {FIRST_YEAR} 年起登记",
                "--from {from} is too early: CME credits are recorded from {FIRST_YEAR}"
            )));
        }
        if to > last {
            let date = self.issue_date;
            return Err(Error::Usage(msg!(
                "--to {to} 在签发日期 {date} 之后",
                "--to {to} is after the issue date {date}"
            )));
        }
        if to - from + 1 > MAX_SPAN_YEARS {
            let n = to - from + 1;
            return Err(Error::Usage(msg!(
                "{from}–{to} 共 {n} 年:一份学分证明最多涵盖 {MAX_SPAN_YEARS} 年",
                "{from}–{to} is {n} years: a certificate covers at most {MAX_SPAN_YEARS}"
            )));
        }
        Ok(())
    }
}

/// `--province`: a province by code, short or full name, as its full name.
pub fn province(raw: &str) -> Result<String> {
    Province::find(raw)
        .map(|p| p.full.to_owned())
        .ok_or_else(|| {
            let raw = raw.trim();
            Error::Usage(msg!(
                "不认识的省份“{raw}”(如 四川、四川省 或 51)",
                "unknown province '{raw}' (such as 四川, 四川省 or 51)"
            ))
        })
}

/// A member as a certificate needs them.
#[derive(Debug, Clone)]
struct Member {
    account_id: i64,
    id_number: String,
    name: String,
    title: Option<String>,
    org_code: String,
    org_name: String,
    /// GB/T 2260 two-digit code of the organisation's province.
    province: Option<String>,
    registration: Option<Registration>,
}

const MEMBER_SELECT: &str = "SELECT a.id, a.id_number, a.name, a.title, coalesce(o.code, ''),
        coalesce(o.name, ''), o.province, a.registration, a.role
     FROM account a LEFT JOIN org o ON o.id = a.org_id";

fn member_from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<(Member, String)> {
    Ok((
        Member {
            account_id: r.get(0)?,
            id_number: r.get(1)?,
            name: r.get(2)?,
            title: r.get(3)?,
            org_code: r.get(4)?,
            org_name: r.get(5)?,
            province: r.get(6)?,
            registration: r.get(7)?,
        },
        r.get(8)?,
    ))
}

/// The member with this ID number, or why there is none.
fn find_member(conn: &Connection, id_number: &str) -> Result<std::result::Result<Member, Msg>> {
    let found = conn
        .prepare_cached(&format!("{MEMBER_SELECT} WHERE a.id_number = ?1"))?
        .query_row([id_number], member_from_row)
        .optional()?;
    Ok(match found {
        None => Err(crate::account::no_account_msg(id_number)),
        Some((m, role)) if role == Role::Member.key() => Ok(m),
        Some((_, role)) => {
            let role = Role::from_key(&role).map_or("?", Role::label);
            Err(msg!(
                "{id_number} 是{role}账号,不是继教人员,没有学分证明",
                "{id_number} is a {role} account, not a CME member: it has no credit certificate"
            ))
        }
    })
}

/// Why a member whose unit has not approved the registration gets no
/// certificate; `None` when it is approved.
fn registration_refusal(m: &Member) -> Option<Msg> {
    let state = m.registration.unwrap_or(Registration::Pending);
    (state != Registration::Approved).then(|| {
        let state = state.label();
        msg!(
            "注册状态为{state},单位审核通过后才能出具学分证明",
            "the registration is {state}: certificates are issued once the unit has approved it"
        )
    })
}

/// A member's credits of the span that a certificate of `kind` lists:
/// approved (审核通过) on or before the issue date, so that a certificate
/// `--as-of` an earlier day states what the member had then. Ordered by
/// start date then project number: (credit id, 举办年度, row).
fn approved_records(
    conn: &Connection,
    account_id: i64,
    opts: &IssueOptions,
) -> Result<Vec<(i64, i32, Row)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.year, c.project_no, p.name, c.credits, c.kind, c.start_date,
                c.end_date
         FROM credit c JOIN credit_project p ON p.id = c.project_id
         LEFT JOIN change_set x ON x.id = coalesce(c.reviewed_change, c.created_change)
         WHERE c.account_id = ?1 AND c.status = ?5 AND c.year BETWEEN ?2 AND ?3
           AND (x.at IS NULL OR substr(x.at, 1, 10) <= ?4)
         ORDER BY c.start_date, c.project_no, c.id",
    )?;
    let as_of = opts.issue_date.format("%Y-%m-%d").to_string();
    let mut rows = stmt.query(params![
        account_id,
        opts.from,
        opts.to,
        as_of,
        CreditStatus::Approved
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(5)?;
        let class = CreditType::from_label(&kind).unwrap_or(CreditType::Class2);
        if !opts.kind.includes(class) {
            continue;
        }
        let day = |i: usize| -> crate::db::sql::Result<NaiveDate> {
            let s: String = r.get(i)?;
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| crate::db::sql::Error::FromSql {
                column: i,
                error: crate::db::sql::FromSqlError::Other(e.to_string()),
            })
        };
        out.push((
            r.get(0)?,
            r.get(1)?,
            Row {
                project_no: r.get(2)?,
                project_name: r.get(3)?,
                credits_tenths: r.get(4)?,
                class,
                from: day(6)?,
                to: day(7)?,
            },
        ));
    }
    Ok(out)
}

/// A certificate about to be issued (or printed again), beside the
/// [`Certificate`] itself (which a bulk run hands to the renderer).
struct Plan {
    member: Member,
    credit_ids: Vec<i64>,
    digest: String,
    /// The member's current certificates of this span and kind: (id, code).
    current: Vec<(i64, String)>,
    /// Whether the code is new (else the certificate is printed again).
    new: bool,
}

/// Builds a member's certificate and chooses its code: the code of the
/// current certificate if the text is the same, else a new one that no
/// certificate has (nor any in `taken`, the codes chosen but not yet
/// recorded). The inner `Err` says why this member gets no certificate.
fn plan(
    conn: &Connection,
    member: Member,
    opts: &IssueOptions,
    taken: &mut HashSet<String>,
) -> Result<std::result::Result<(Plan, Certificate), (Member, Msg)>> {
    let province = match (
        &opts.province,
        member.province.as_deref().and_then(Province::by_code),
    ) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => p.full.to_owned(),
        (None, None) => {
            let org = &member.org_code;
            let m = msg!(
                "机构 {org} 没有登记省份,无法写出“<省>继续医学教育学分证明”的省名:请用 --province 指定",
                "the organisation {org} has no province to put in the title '<province>继续医学教育学分证明': give it with --province"
            );
            return Ok(Err((member, m)));
        }
    };
    let records = approved_records(conn, member.account_id, opts)?;
    let credit_ids: Vec<i64> = records.iter().map(|(id, _, _)| *id).collect();
    let mut cert = Certificate::with_records(
        opts.from,
        opts.to,
        opts.kind,
        opts.issue_date,
        records.into_iter().map(|(_, year, row)| (year, row)),
    );
    cert.issuer = match &opts.issuer {
        Some(i) => i.clone(),
        None => format!("{province}继续医学教育行政管理平台提供信息"),
    };
    cert.province = province;
    cert.org_name = member.org_name.clone();
    cert.person_name = member.name.clone();
    cert.id_number = member.id_number.clone();
    cert.title = member
        .title
        .as_deref()
        .map(crate::rules::title::printed)
        .filter(|t| !t.is_empty())
        .unwrap_or("无职称")
        .to_owned();
    cert.authority = opts.authority.clone();
    let mut plan = Plan {
        member,
        credit_ids,
        digest: String::new(),
        current: Vec::new(),
        new: false,
    };
    if !cert.has_credits() {
        return Ok(Ok((plan, cert)));
    }
    plan.digest = cert.digest();
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, digest FROM certificate
         WHERE account_id = ?1 AND from_year = ?2 AND to_year = ?3 AND kind = ?4 AND status = ?5
         ORDER BY id",
    )?;
    let rows = stmt.query_map(
        params![
            plan.member.account_id,
            opts.from,
            opts.to,
            opts.kind.key(),
            Status::Valid
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    )?;
    let mut same = None;
    for row in rows {
        let (id, code, digest) = row?;
        if digest == plan.digest {
            same = Some(code.clone());
        }
        plan.current.push((id, code));
    }
    let code = match same {
        Some(code) => code,
        None => {
            plan.new = true;
            fresh_code(conn, taken)?
        }
    };
    cert.code = format_code(&code);
    Ok(Ok((plan, cert)))
}

/// A code that no certificate has and this run has not chosen.
fn fresh_code(conn: &Connection, taken: &mut HashSet<String>) -> Result<String> {
    let mut exists = conn.prepare_cached("SELECT 1 FROM certificate WHERE code = ?1")?;
    loop {
        let code = new_code()?;
        if !taken.contains(&code) && !exists.exists([&code])? {
            taken.insert(code.clone());
            return Ok(code);
        }
    }
}

/// Records a newly issued certificate and supersedes the member's earlier
/// ones of the same span and kind. Returns the codes it superseded.
fn record(conn: &Connection, change: &Change, plan: &Plan, c: &Certificate) -> Result<Vec<String>> {
    let years: Vec<StoredYear> = c
        .years
        .iter()
        .map(|b| {
            let t = b.totals();
            StoredYear {
                year: b.year,
                national_i: t.national_i,
                provincial_i: t.provincial_i,
                class_ii: t.class_ii,
                records: b.rows.len(),
            }
        })
        .collect();
    let code = verify::parse_code(&c.code).unwrap_or_default();
    // At most one valid certificate per member, span and kind (a unique
    // index): the earlier ones stop being valid before the new one is
    // recorded, pointing at themselves until they can point at it.
    for (old, _) in &plan.current {
        conn.prepare_cached(
            "UPDATE certificate SET status = ?2, superseded_by = id, status_change = ?3
             WHERE id = ?1",
        )?
        .execute(params![old, Status::Superseded, change.id])?;
    }
    conn.prepare_cached(
        "INSERT INTO certificate (code, account_id, from_year, to_year, kind, name, org_name,
             title, province, authority, issuer, years, credit_ids, digest, issue_date,
             issued_at, created_change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        code,
        plan.member.account_id,
        c.from_year,
        c.to_year,
        c.kind.key(),
        c.person_name,
        c.org_name,
        c.title,
        c.province,
        c.authority,
        c.issuer,
        serde_json::to_string(&years).unwrap_or_default(),
        serde_json::to_string(&plan.credit_ids).unwrap_or_default(),
        plan.digest,
        c.issue_date.to_string(),
        now(),
        change.id,
    ])?;
    let id = conn.last_insert_rowid();
    let mut superseded = Vec::new();
    for (old, old_code) in &plan.current {
        conn.prepare_cached("UPDATE certificate SET superseded_by = ?2 WHERE id = ?1")?
            .execute(params![old, id])?;
        superseded.push(format_code(old_code));
    }
    let mut note = format!(
        "{}–{} {},{} 条学分记录",
        c.from_year,
        c.to_year,
        c.kind.label(),
        plan.credit_ids.len()
    );
    if !superseded.is_empty() {
        note.push_str(&format!(";替代 {}", superseded.join("、")));
    }
    change.log(
        conn,
        &Item {
            subject: &c.id_number,
            entity: "certificate",
            action: "issue",
            field: Some("验证码"),
            before: None,
            after: Some(&c.code),
            note: Some(&note),
        },
    )?;
    Ok(superseded)
}

/// One certificate issued by [`issue_one`].
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    /// The verification code printed on it.
    pub code: String,
    /// The standard credential written beside the PDF (`--vc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<IssuedCredential>,
    /// `false` when this is the member's current certificate printed again
    /// (same text, same code).
    pub new: bool,
    pub file: PathBuf,
    pub id_number: String,
    pub name: String,
    pub from: i32,
    pub to: i32,
    /// `all`, `1` or `2`.
    pub kind: &'static str,
    pub issue_date: NaiveDate,
    /// How many credit records it lists.
    pub records: usize,
    pub bytes: u64,
    /// Codes of the earlier certificates this one replaces.
    pub superseded: Vec<String>,
}

/// A standard credential written for a certificate.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedCredential {
    pub file: PathBuf,
    /// The status list it names, and its entry there.
    pub status_list: String,
    pub status_list_index: u64,
}

/// The key that signs standard credentials: the run's signing key, which
/// a run that writes them must have.
fn credential_key(opts: &IssueOptions) -> Result<&SigningKey> {
    opts.key.as_ref().ok_or_else(|| {
        Error::Usage(msg!(
            "标准凭证须用签名密钥签发",
            "standard credentials need the signing key"
        ))
    })
}

/// Issues one member's certificate into the file `out`. An unknown ID
/// number, or one that is not a member's, is a usage error; a member who
/// gets no certificate (registration not approved, no approved credit in
/// the span) is the inner `Err`, with why. A character the font cannot draw
/// is an input error naming the person and the character; nothing is
/// recorded and no file is left.
pub fn issue_one(
    conn: &mut Connection,
    id_number: &str,
    out: &Path,
    credential_out: Option<&Path>,
    opts: &IssueOptions,
    font: &Font,
    who: &Who,
) -> Result<std::result::Result<Issued, Msg>> {
    opts.check()?;
    let id_number = identifier(id_number);
    let tx = crate::db::write(conn)?;
    let member = find_member(&tx, &id_number)?.map_err(Error::Usage)?;
    // One certificate per member, span and kind, whatever runs at once:
    // read the member's current certificates only once no other command
    // is issuing theirs.
    crate::db::lock_people(&tx, &[member.account_id])?;
    if let Some(key) = &opts.key {
        sign::may_sign_for(&tx, key, &member.org_code)?;
    }
    if let Some(refusal) = registration_refusal(&member) {
        let name = &member.name;
        return Ok(Err(Msg::new(
            format!("{name}({id_number}):{}", refusal.zh),
            format!("{name} ({id_number}): {}", refusal.en),
        )));
    }
    let (plan, c) = match plan(&tx, member, opts, &mut HashSet::new())? {
        Ok(planned) => planned,
        Err((_, why)) => return Err(Error::Usage(why)),
    };
    if !c.has_credits() {
        return Ok(Err(no_credits(&tx, &plan.member, opts)?));
    }
    let pdf = render_with(&c, font, opts.key.as_ref())?;
    // Owner-only: a certificate holds personal data until the office hands
    // it out.
    let mut file = AtomicFile::create(out)?;
    file.file().write_all(&pdf).map_err(|e| Error::io(out, e))?;
    let mut change = None;
    if let Some(key) = &opts.key {
        sign::record(&tx, &key.public(), &mut || change_of(&tx, who, &mut change))?;
    }
    let superseded = if plan.new {
        let change = change_of(&tx, who, &mut change)?;
        record(&tx, &change, &plan, &c)?
    } else {
        Vec::new()
    };
    let mut credential = None;
    if let Some(path) = credential_out {
        let key = credential_key(opts)?;
        let list = status::list(&tx, opts.status_list_url.as_deref())?;
        let code = verify::parse_code(&c.code).unwrap_or_default();
        let entry = status::entries(&tx, &list, &[code])?.remove(0);
        let text = credential::to_text(&credential::credential(&c, &entry, key));
        // Owner-only, as the PDF: it names the member.
        let mut vc_file = AtomicFile::create(path)?;
        vc_file
            .file()
            .write_all(text.as_bytes())
            .map_err(|e| Error::io(path, e))?;
        credential = Some((
            vc_file,
            IssuedCredential {
                file: path.to_path_buf(),
                status_list: entry.list,
                status_list_index: entry.index,
            },
        ));
    }
    // The files go in place before the record is committed: should the
    // commit fail, they are taken away again, and a certificate whose
    // code does not verify is never left behind.
    file.commit()?;
    let credential = match credential {
        Some((vc_file, shown)) => {
            if let Err(e) = vc_file.commit() {
                let _ = std::fs::remove_file(out);
                return Err(e);
            }
            Some(shown)
        }
        None => None,
    };
    if let Err(e) = tx.commit() {
        let _ = std::fs::remove_file(out);
        if let Some(c) = &credential {
            let _ = std::fs::remove_file(&c.file);
        }
        return Err(e.into());
    }
    Ok(Ok(Issued {
        code: c.code.clone(),
        credential,
        new: plan.new,
        file: out.to_path_buf(),
        id_number: c.id_number.clone(),
        name: c.person_name.clone(),
        from: c.from_year,
        to: c.to_year,
        kind: c.kind.key(),
        issue_date: c.issue_date,
        records: c.record_count(),
        bytes: pdf.len() as u64,
        superseded,
    }))
}

/// Why a member has nothing to certify: no approved record of the kind in
/// the span, with how many are still waiting for review or were rejected.
fn no_credits(conn: &Connection, m: &Member, opts: &IssueOptions) -> Result<Msg> {
    let as_of = opts.issue_date.format("%Y-%m-%d").to_string();
    let (pending, rejected, later): (i64, i64, i64) = conn.query_row(
        "SELECT count(*) FILTER (WHERE c.status = ?5),
                count(*) FILTER (WHERE c.status = ?6),
                count(*) FILTER (WHERE c.status = ?7 AND substr(x.at, 1, 10) > ?4)
         FROM credit c LEFT JOIN change_set x ON x.id = coalesce(c.reviewed_change, c.created_change)
         WHERE c.account_id = ?1 AND c.year BETWEEN ?2 AND ?3",
        params![
            m.account_id,
            opts.from,
            opts.to,
            as_of,
            CreditStatus::Pending,
            CreditStatus::Rejected,
            CreditStatus::Approved
        ],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (name, id, from, to, kind) = (&m.name, &m.id_number, opts.from, opts.to, opts.kind.label());
    let mut why = msg!(
        "{name}({id})在 {from}–{to} 年没有可列入{kind}的审核通过的学分,不出具证明",
        "{name} ({id}) has no approved credits in {from}–{to} for a {kind}: no certificate issued"
    );
    if pending + rejected > 0 {
        why = why.join(&msg!(
            "另有 {pending} 条待审、{rejected} 条审核不过的记录",
            "{pending} records are waiting for review and {rejected} were rejected"
        ));
    }
    if later > 0 {
        why = why.join(&msg!(
            "{later} 条记录在签发日期 {as_of} 之后才审核通过",
            "{later} records were approved after the issue date {as_of}"
        ));
    }
    Ok(why)
}

/// Whose certificates a bulk run prints.
#[derive(Debug, Clone)]
pub enum Scope {
    /// The members of an organisation whose registration is approved and
    /// who take part in CME, as `credit-standard check` counts them.
    Org(String),
    /// The members with these ID numbers (`--members FILE`), whatever
    /// their 参加继教; each must be a member with an approved registration.
    Listed(Vec<String>),
}

/// A bulk run: whose certificates, where to, and whether to list every
/// file written in the report (for `--format json`; a table needs only the
/// counts, and a province's list would be the run's largest allocation).
#[derive(Debug, Clone)]
pub struct BulkJob {
    pub scope: Scope,
    pub target: BulkTarget,
    /// Where each certificate's standard credential goes too (`--vc-dir`),
    /// named as its PDF with `.json`.
    pub credential_dir: Option<PathBuf>,
    pub list_files: bool,
    /// Members per batch and transaction: [`BATCH`].
    pub batch: usize,
}

/// Members of an organisation that a bulk run leaves out, counted.
pub type NotIncluded = LeftOut;

/// One certificate written by a bulk run.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedFile {
    pub id_number: String,
    pub name: String,
    /// The file name, in the directory and/or the archive.
    pub file: String,
    /// The standard credential's file name, in the credential directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    pub code: String,
    /// `false`: the member's current certificate printed again.
    pub new: bool,
}

/// What a bulk run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkIssueReport {
    /// Members in scope (after those not included).
    pub members: u64,
    pub written: u64,
    /// Of those written, how many are new certificates (new codes) …
    pub new: u64,
    /// … and how many were current certificates printed again.
    pub reprinted: u64,
    /// Earlier certificates marked superseded by new ones.
    pub superseded: u64,
    pub bytes: u64,
    pub largest: u64,
    /// Standard credentials written (`--vc-dir`).
    pub credentials: u64,
    /// Members with no approved credit of the kind in the span.
    pub skipped: Vec<NotWritten>,
    /// Members who could not be given a certificate, with why.
    pub failed: Vec<NotWritten>,
    pub not_included: NotIncluded,
    /// Every file written, with [`BulkJob::list_files`].
    pub certificates: Vec<IssuedFile>,
}

/// The members of a bulk run, by account id (their details are read a
/// batch at a time, so that a province's run holds one batch, not the
/// province); those who cannot have one go into the report's failures,
/// and the organisation's members left out are counted.
fn members_in_scope(
    conn: &Connection,
    scope: &Scope,
    report: &mut BulkIssueReport,
) -> Result<Vec<i64>> {
    let mut members = Vec::new();
    match scope {
        Scope::Org(code) => {
            let org = crate::org::find_kind(conn, code, crate::org::OrgKind::Cme)?;
            let mut stmt = conn.prepare(
                "SELECT a.id, a.registration, a.takes_cme FROM account a
                 WHERE a.org_id = ?1 AND a.role = 'member' ORDER BY a.id_number",
            )?;
            let mut rows = stmt.query([org.id])?;
            while let Some(r) = rows.next()? {
                let standing = crate::account::Standing::of(r.get(1)?, r.get(2)?);
                if report.not_included.admit(standing) {
                    members.push(r.get(0)?);
                }
            }
        }
        Scope::Listed(ids) => {
            let mut seen = HashSet::new();
            for raw in ids {
                let id_number = identifier(raw);
                if id_number.is_empty() || !seen.insert(id_number.clone()) {
                    continue;
                }
                match find_member(conn, &id_number)? {
                    Ok(m) => match registration_refusal(&m) {
                        None => members.push(m.account_id),
                        Some(reason) => report.failed.push(NotWritten {
                            id_number,
                            name: m.name,
                            reason,
                        }),
                    },
                    Err(reason) => report.failed.push(NotWritten {
                        id_number,
                        name: String::new(),
                        reason,
                    }),
                }
            }
        }
    }
    Ok(members)
}

/// Issues the certificates of every member in `scope` into `target`,
/// rendering on every core with `font` (parsed once, shared). Members are
/// read, rendered, written and recorded [`BATCH`] at a time, each batch in
/// one transaction; if the run fails part way (a disk fills up), the
/// certificates it recorded are withdrawn and the files it wrote removed,
/// so that it leaves the database and the directory as it found them.
/// `progress` is called with (done, total).
pub fn issue_many(
    conn: &mut Connection,
    job: &BulkJob,
    opts: &IssueOptions,
    font: Font,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<BulkIssueReport> {
    opts.check()?;
    // Each member's credits are read once, by index: a page cache the size
    // of the database (db::open allows 64 MiB, for imports) would only make
    // the run's memory grow with the province. 8 MiB holds the indexes'
    // upper levels and a batch's pages.
    conn.pragma_update(None, "cache_size", -8192)?;
    let mut report = BulkIssueReport::default();
    let signs = match &opts.key {
        Some(key) => sign::signs_for(conn, key)?,
        None => sign::Signs::Any,
    };
    if let (Some(key), Scope::Org(code)) = (&opts.key, &job.scope) {
        // An organisation the key does not sign for: said before anything
        // is rendered.
        let org = crate::org::find_kind(conn, code, crate::org::OrgKind::Cme)?;
        if let Some(why) = signs.refusal(key.id(), &org.code) {
            return Err(Error::Usage(why));
        }
    }
    let members = members_in_scope(conn, &job.scope, &mut report)?;
    report.members = members.len() as u64;
    let mut bulk = Bulk::new(font, &job.target, members.len() as u64)?;
    if let Some(key) = &opts.key {
        bulk.sign_with(key.clone());
    }
    if let Some(dir) = &job.credential_dir {
        credential_key(opts)?;
        bulk.attach_dir(dir)?;
    }
    let mut change = None;
    let run = Run {
        job,
        opts,
        signs: &signs,
        who,
        progress,
    };
    let result = run_batches(conn, &members, &run, &mut bulk, &mut change, &mut report);
    let result = result.and_then(|()| bulk_finish(bulk, &mut report));
    if let Err(e) = result {
        if let Some(change) = change {
            // Best effort: the error that stopped the run is what to report.
            let _ = withdraw(conn, &change);
        }
        return Err(e);
    }
    Ok(report)
}

fn bulk_finish(bulk: Bulk, report: &mut BulkIssueReport) -> Result<()> {
    let done = bulk.finish()?;
    report.bytes = done.bytes;
    report.largest = done.largest;
    report.skipped = done.skipped;
    // Members refused before rendering come first, as they were found.
    report.failed.extend(done.failed);
    Ok(())
}

/// What a bulk run was asked, the same for each of its batches.
struct Run<'a> {
    job: &'a BulkJob,
    opts: &'a IssueOptions,
    signs: &'a sign::Signs,
    who: &'a Who,
    progress: &'a (dyn Fn(u64, u64) + Sync),
}

/// Issues the certificates of `members`, a batch and transaction at a
/// time, into `bulk`; `change` is begun by the first record written.
fn run_batches(
    conn: &mut Connection,
    members: &[i64],
    run: &Run<'_>,
    bulk: &mut Bulk,
    change: &mut Option<Change>,
    report: &mut BulkIssueReport,
) -> Result<()> {
    let Run {
        job,
        opts,
        signs,
        who,
        progress,
    } = *run;
    let (list_files, credentials) = (job.list_files, job.credential_dir.is_some());
    let batch_size = job.batch.max(1);
    // Codes chosen in this batch and not yet committed: the only ones the
    // query for an unused code cannot see. Once the batch commits, the
    // table has them.
    let mut taken = HashSet::new();
    let mut key_recorded = false;
    for batch in members.chunks(batch_size) {
        taken.clear();
        let tx = crate::db::write(conn)?;
        // Another run issuing these members' certificates at the same
        // moment finishes its batch first: then this one finds them.
        crate::db::lock_people(&tx, batch)?;
        let mut plans = Vec::with_capacity(batch.len());
        let mut certs = Vec::with_capacity(batch.len());
        for &account_id in batch {
            let found = tx
                .prepare_cached(&format!("{MEMBER_SELECT} WHERE a.id = ?1"))?
                .query_row([account_id], member_from_row)
                .optional()?;
            // Gone since the run began (deleted by another command).
            let Some((m, _)) = found else { continue };
            if let Some(why) = opts
                .key
                .as_ref()
                .and_then(|k| signs.refusal(k.id(), &m.org_code))
            {
                report.failed.push(NotWritten {
                    id_number: m.id_number,
                    name: m.name,
                    reason: why,
                });
                continue;
            }
            match plan(&tx, m, opts, &mut taken)? {
                Ok((p, c)) => {
                    plans.push(p);
                    certs.push(c);
                }
                Err((m, reason)) => report.failed.push(NotWritten {
                    id_number: m.id_number,
                    name: m.name,
                    reason,
                }),
            }
        }
        let fates = bulk.add(&certs, progress)?;
        let written: Vec<&Certificate> = certs
            .iter()
            .zip(&fates)
            .filter(|(_, f)| matches!(f, Fate::Written { .. }))
            .map(|(c, _)| c)
            .collect();
        let mut credential_files = if credentials && !written.is_empty() {
            write_credentials(&tx, opts, bulk, &written)?
        } else {
            Vec::new()
        }
        .into_iter();
        for ((p, c), fate) in plans.into_iter().zip(certs).zip(fates) {
            let Fate::Written { file, .. } = fate else {
                continue;
            };
            let credential = if credentials {
                report.credentials += 1;
                credential_files.next()
            } else {
                None
            };
            if let (false, Some(key)) = (key_recorded, &opts.key) {
                sign::record(&tx, &key.public(), &mut || change_of(&tx, who, change))?;
                key_recorded = true;
            }
            if p.new {
                let ch = change_of(&tx, who, change)?;
                report.superseded += record(&tx, &ch, &p, &c)?.len() as u64;
                report.new += 1;
            } else {
                report.reprinted += 1;
            }
            report.written += 1;
            if list_files {
                report.certificates.push(IssuedFile {
                    id_number: c.id_number,
                    name: c.person_name,
                    file,
                    credential,
                    code: c.code,
                    new: p.new,
                });
            }
        }
        tx.commit()?;
    }
    Ok(())
}

/// Writes the standard credential of each certificate of a batch into the
/// run's credential directory, each on its entry of the status list (drawn
/// now for those that have none). Returns the file names, in order.
fn write_credentials(
    conn: &Connection,
    opts: &IssueOptions,
    bulk: &mut Bulk,
    certs: &[&Certificate],
) -> Result<Vec<String>> {
    let key = credential_key(opts)?;
    let list = status::list(conn, opts.status_list_url.as_deref())?;
    let codes: Vec<String> = certs
        .iter()
        .map(|c| verify::parse_code(&c.code).unwrap_or_default())
        .collect();
    let entries = status::entries(conn, &list, &codes)?;
    let mut names = Vec::with_capacity(certs.len());
    for (c, entry) in certs.iter().zip(&entries) {
        let name = credential::file_name(c);
        let text = credential::to_text(&credential::credential(c, entry, key));
        bulk.attach(&name, text.as_bytes())?;
        names.push(name);
    }
    Ok(names)
}

/// Undoes what a failed bulk run had committed: its certificates are
/// deleted, those they superseded are current again, and its change set
/// goes too — as though the run's transactions had been one and had been
/// rolled back.
///
/// An office on a shared server may change neither signing keys nor the
/// change log (only the owner may): its change set stays, with a line per
/// certificate withdrawn.
fn withdraw(conn: &mut Connection, change: &Change) -> Result<()> {
    let tx = crate::db::write(conn)?;
    let withdrawn: Vec<(String, String)> = tx
        .prepare(
            "SELECT a.id_number, c.code FROM certificate c JOIN account a ON a.id = c.account_id
             WHERE c.created_change = ?1 ORDER BY c.id",
        )?
        .query_map([change.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<_>>()?;
    // The certificates superseded stop pointing at those withdrawn, which
    // go, and are valid again (one valid per member, span and kind at
    // every step).
    tx.execute(
        "UPDATE certificate SET superseded_by = id WHERE status_change = ?1 AND status = ?2",
        params![change.id, Status::Superseded],
    )?;
    tx.execute(
        "DELETE FROM certificate WHERE created_change = ?1",
        [change.id],
    )?;
    tx.execute(
        "UPDATE certificate SET status = ?2, superseded_by = NULL, status_change = NULL
         WHERE status_change = ?1 AND status = ?3",
        params![change.id, Status::Valid, Status::Superseded],
    )?;
    if crate::db::restricted(&tx)? {
        for (id_number, code) in &withdrawn {
            change.log(
                &tx,
                &Item {
                    subject: id_number,
                    entity: "certificate",
                    action: "withdraw",
                    field: Some("验证码"),
                    before: Some(&format_code(code)),
                    after: None,
                    note: Some("出具中断,已撤回"),
                },
            )?;
        }
    } else {
        tx.execute(
            "DELETE FROM signing_key_org WHERE key_id IN
                 (SELECT key_id FROM signing_key WHERE created_change = ?1)",
            [change.id],
        )?;
        tx.execute(
            "DELETE FROM signing_key WHERE created_change = ?1",
            [change.id],
        )?;
        tx.execute("DELETE FROM change_item WHERE change_id = ?1", [change.id])?;
        tx.execute("DELETE FROM change_set WHERE id = ?1", [change.id])?;
    }
    tx.commit()?;
    Ok(())
}

/// The change set of a command that may or may not change anything: begun
/// the first time it is needed.
fn change_of(conn: &Connection, who: &Who, slot: &mut Option<Change>) -> Result<Change> {
    match slot {
        Some(c) => Ok(*c),
        None => Ok(*slot.insert(Change::begin(conn, who)?)),
    }
}

/// `--authority` and `--issuer` as typed: normalised, control characters refused.
pub fn line_option(raw: &str, option: &str) -> Result<String> {
    let s = normalize(raw).into_owned();
    if s.chars().any(char::is_control) || s.chars().count() > 100 {
        return Err(Error::Usage(msg!(
            "{option} 应为一行不超过 100 个字符的文字",
            "{option} must be one line of at most 100 characters"
        )));
    }
    Ok(s)
}
