//! `recruit apply`: an applicant's application (志愿) to a base and
//! specialty in a batch — one from the command line, or the platform's
//! export on the import skeleton (template `application`).
//!
//! An application is taken only inside the batch's window, for a specialty
//! the base has places for, from an applicant whose profile is complete
//! (the profile rules of `profile validate`: no errors), and who has no
//! other active application in the batch (docs/domain.md#recruitment).

use std::collections::HashMap;
use std::path::Path;

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::batch::{self, Batch};
use super::{ApplicationState, Base, Now, find_base, organisations, specialty, unknown_specialty};
use crate::account::{self, Role};
use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::{
    At, Begun, Flags, Import, ImportReport, OneSheet, Seen, Source, Written, record_check,
};
use crate::msg;
use crate::profile::store::{self, Filter};
use crate::profile::validate::{self, Issue};
use crate::rules::Severity;
use crate::rules::date::{moment_from_excel_serial, moment_text, parse_moment};
use crate::rules::id::{self, IdType};
use crate::rules::text::{identifier, normalize};
use crate::sheet::{Cell, Column, Layout, Record, Workbook};

crate::sheet::layout! {
    /// The 志愿 template: the platform's export of applications.
    pub const APPLICATION_LAYOUT = sheet "志愿", positions col {
        ID_NUMBER: Column::required(
            "证件号码",
            &[
                "id number",
                "证件号",
                "身份证号",
                "身份证号码",
                "身份证件号码",
            ],
        ),
        NAME: Column::optional("姓名", &["name", "真实姓名"]),
        ORG: Column::required(
            "培训基地代码",
            &[
                "报名基地代码",
                "基地代码",
                "报名基地",
                "培训基地",
                "base code",
                "org",
            ],
        ),
        SPECIALTY: Column::required(
            "培训专业",
            &["报名专业", "专业", "招录专业", "专业基地", "specialty"],
        ),
        BATCH: Column::optional("批次", &["招录批次", "batch"]),
        AT: Column::optional(
            "提交时间",
            &[
                "报名时间",
                "填报时间",
                "志愿提交时间",
                "submitted at",
                "time",
            ],
        ),
    }
}

/// One application asked for, its names resolved.
#[derive(Debug, Clone)]
pub struct Request {
    pub id_number: String,
    /// The name the file gives, checked against the account's.
    pub name: Option<String>,
    pub base_id: i64,
    pub specialty: &'static str,
    pub batch_id: i64,
    /// When it was submitted (`YYYY-MM-DD HH:MM:SS`).
    pub at: String,
}

/// What became of one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A first application in the batch.
    Created,
    /// Made again after 退回 or 已取消.
    Resubmitted,
    /// The same application is already active.
    Unchanged(ApplicationState),
    /// Not taken: the column it concerns, and why.
    Refused(usize, Msg),
}

/// Each applicant's profile errors, found before the rows are read; or
/// profiles checked one by one as applicants come.
enum Profiles {
    /// The errors of every applicant's profile (those absent have none);
    /// residents who apply are checked one by one.
    Applicants(HashMap<String, Vec<Issue>>),
    EachInTurn,
}

/// Above this size an applications file is likely to name many applicants:
/// every applicant's profile is validated at once, in parallel, and the
/// applicants and applications are read at once instead of row by row.
const VALIDATE_ALL_FROM_BYTES: u64 = 64 * 1024;

/// A person who may apply, as the checks need them.
#[derive(Debug, Clone)]
struct Person {
    id: i64,
    name: String,
    role: Role,
}

/// An application already made: its id, state, base and specialty.
type Existing = (i64, ApplicationState, i64, String);

/// Every applicant and every application, read at once for a large file.
struct Loaded {
    applicants: HashMap<String, Person>,
    /// By (account, batch).
    applications: HashMap<(i64, i64), Existing>,
}

impl Loaded {
    fn read(tx: &Connection) -> Result<Loaded> {
        let mut applicants = HashMap::new();
        let mut stmt = tx.prepare("SELECT id, id_number, name FROM account WHERE role = ?1")?;
        let rows = stmt.query_map([Role::Applicant.key()], |r| {
            Ok((
                r.get::<_, String>(1)?,
                Person {
                    id: r.get(0)?,
                    name: r.get(2)?,
                    role: Role::Applicant,
                },
            ))
        })?;
        for row in rows {
            let (id_number, person) = row?;
            applicants.insert(id_number, person);
        }
        let mut applications = HashMap::new();
        let mut stmt = tx.prepare(
            "SELECT account_id, batch_id, id, state, org_id, specialty FROM recruit_application",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                (r.get(0)?, r.get(1)?),
                (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
            ))
        })?;
        for row in rows {
            let (k, v) = row?;
            applications.insert(k, v);
        }
        Ok(Loaded {
            applicants,
            applications,
        })
    }
}

/// The database side of applying: what every application is checked
/// against, loaded once.
pub struct Applying<'t> {
    tx: &'t Connection,
    change: Change,
    batches: HashMap<i64, Batch>,
    bases: HashMap<i64, Base>,
    /// (batch, base, specialty) → places.
    plans: HashMap<(i64, i64, String), i64>,
    profiles: Profiles,
    /// For a large file: applicants and applications read at once.
    loaded: Option<Loaded>,
    today: chrono::NaiveDate,
}

fn refused(col: usize, m: Msg) -> Result<Outcome> {
    Ok(Outcome::Refused(col, m))
}

/// "个人信息不完整…" naming what is missing or wrong, the first few of them.
fn incomplete(errors: &[&Issue]) -> Msg {
    const SHOWN: usize = 6;
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for i in errors.iter().take(SHOWN) {
        let place = match i.place() {
            p if p.is_empty() => i.section.label().to_owned(),
            p => format!("{}·{p}", i.section.label()),
        };
        zh.push(format!("{place}:{}", i.message.zh));
        en.push(format!("{place}: {}", i.message.en));
    }
    let (zh, en) = (zh.join(";"), en.join("; "));
    let more = errors.len().saturating_sub(SHOWN);
    if more > 0 {
        msg!(
            "个人信息不完整,不能报名:{zh};另有 {more} 项(见 meded profile validate)",
            "the profile is incomplete, so no application is taken: {en}; and {more} more (see meded profile validate)"
        )
    } else {
        msg!(
            "个人信息不完整,不能报名:{zh}",
            "the profile is incomplete, so no application is taken: {en}"
        )
    }
}

impl<'t> Applying<'t> {
    /// Loads batches, bases and plans; profiles are checked as applicants
    /// come unless `validate_all` asks for every applicant's now.
    fn load(tx: &'t Connection, change: Change, now: Now, validate_all: bool) -> Result<Self> {
        let batches = batch::list(tx)?.into_iter().map(|b| (b.id, b)).collect();
        let bases = organisations(tx)?
            .into_values()
            .filter(|(_, is_base)| *is_base)
            .map(|(b, _)| (b.id, b))
            .collect();
        let mut plans = HashMap::new();
        let mut stmt =
            tx.prepare("SELECT batch_id, org_id, specialty, places FROM recruit_plan")?;
        let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))?;
        for row in rows {
            let (k, v) = row?;
            plans.insert(k, v);
        }
        let loaded = validate_all.then(|| Loaded::read(tx)).transpose()?;
        let profiles = if validate_all {
            let opts = validate::Options {
                today: now.today(),
                photo_rules: Default::default(),
                lists: crate::codes::ProfileLists::load(tx)?,
                images: true,
            };
            let filter = Filter {
                role: Role::Applicant,
                ..Filter::default()
            };
            let report = validate::validate_where(tx, filter, &opts, &|_, _| {})?;
            let mut by_person: HashMap<String, Vec<Issue>> = HashMap::new();
            for i in report
                .issues
                .into_iter()
                .filter(|i| i.severity == Severity::Error)
            {
                by_person.entry(i.id_number.clone()).or_default().push(i);
            }
            Profiles::Applicants(by_person)
        } else {
            Profiles::EachInTurn
        };
        Ok(Applying {
            tx,
            change,
            batches,
            bases,
            plans,
            profiles,
            loaded,
            today: now.today(),
        })
    }

    /// What keeps this person's profile from an application, if anything.
    fn profile_gaps(&self, id_number: &str, person: &Person) -> Result<Option<Msg>> {
        let errors: Vec<Issue>;
        let found: Vec<&Issue> = match &self.profiles {
            Profiles::Applicants(map) if person.role == Role::Applicant => {
                map.get(id_number).into_iter().flatten().collect()
            }
            _ => {
                let p = store::load(self.tx, person.id)?;
                let ctx = validate::Context::new(self.today);
                errors = validate::check(&p, &ctx)
                    .into_iter()
                    .filter(|i| i.severity == Severity::Error)
                    .collect();
                errors.iter().collect()
            }
        };
        Ok((!found.is_empty()).then(|| incomplete(&found)))
    }

    /// The base's specialties with places in the batch, for a refusal.
    fn offered(&self, batch_id: i64, base_id: i64) -> String {
        let mut names: Vec<&str> = self
            .plans
            .iter()
            .filter(|((b, o, _), places)| *b == batch_id && *o == base_id && **places > 0)
            .map(|((_, _, s), _)| s.as_str())
            .collect();
        names.sort_unstable();
        names.join("、")
    }

    /// Takes one application, or says why not. Nothing is committed here.
    pub fn apply(&mut self, req: &Request) -> Result<Outcome> {
        let id_number = &req.id_number;
        let known = self
            .loaded
            .as_ref()
            .and_then(|l| l.applicants.get(id_number).cloned());
        let person = match known {
            Some(p) => Some(p),
            None => account::find(self.tx, id_number)?.map(|f| Person {
                id: f.id,
                name: f.name,
                role: f.role,
            }),
        };
        let Some(person) = person else {
            return refused(
                col::ID_NUMBER,
                msg!(
                    "没有证件号码为 {id_number} 的账号;报名人员先用 meded account import --role applicant 导入",
                    "no account with the ID number {id_number}; import applicants first (meded account import --role applicant)"
                ),
            );
        };
        if !matches!(person.role, Role::Applicant | Role::Resident) {
            let role = person.role.label();
            return refused(
                col::ID_NUMBER,
                msg!(
                    "{id_number} 是{role}账号,不能报名招录",
                    "{id_number} is a {role} account and cannot apply for recruitment"
                ),
            );
        }
        if let Some(name) = req.name.as_deref().filter(|n| *n != person.name) {
            let stored = &person.name;
            return refused(
                col::NAME,
                msg!(
                    "姓名“{name}”与账号的姓名“{stored}”不同",
                    "the name '{name}' differs from the account's '{stored}'"
                ),
            );
        }
        let (Some(batch), Some(base)) = (
            self.batches.get(&req.batch_id),
            self.bases.get(&req.base_id),
        ) else {
            return refused(
                col::BATCH,
                msg!("批次或基地不存在", "no such batch or base"),
            );
        };
        let existing: Option<Existing> = match &self.loaded {
            Some(l) => l.applications.get(&(person.id, batch.id)).cloned(),
            None => self
                .tx
                .prepare_cached(
                    "SELECT id, state, org_id, specialty FROM recruit_application
                     WHERE account_id = ?1 AND batch_id = ?2",
                )?
                .query_row(params![person.id, batch.id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?,
        };
        if let Some((_, state, org_id, ref spec)) = existing
            && state.active()
        {
            if org_id == base.id && spec == req.specialty {
                return Ok(Outcome::Unchanged(state));
            }
            let other = self.bases.get(&org_id).map_or("?", |b| b.code.as_str());
            let label = batch.label();
            return refused(
                col::ORG,
                msg!(
                    "已有 {label} 的报名({other} {spec},{state});每人每批次只能有一个有效志愿",
                    "there is already an application in {label} ({other} {spec}, {state}); one active application per applicant and batch"
                ),
            );
        }
        if !batch.is_open_at(&req.at) {
            return refused(col::AT, batch.outside(&req.at));
        }
        let places = self
            .plans
            .get(&(batch.id, base.id, req.specialty.to_owned()))
            .copied()
            .unwrap_or(0);
        if places == 0 {
            let (code, spec, label) = (&base.code, req.specialty, batch.label());
            let offered = self.offered(batch.id, base.id);
            return refused(
                col::SPECIALTY,
                if offered.is_empty() {
                    msg!(
                        "{code} 在 {label} 没有招录计划",
                        "{code} has no recruitment plan in {label}"
                    )
                } else {
                    msg!(
                        "{code} 在 {label} 没有 {spec} 的招录计划(有计划的专业:{offered})",
                        "{code} has no places for {spec} in {label} (it recruits for: {offered})"
                    )
                },
            );
        }
        if let Some(m) = self.profile_gaps(id_number, &person)? {
            return refused(col::ID_NUMBER, m);
        }
        if let Some(l) = &mut self.loaded {
            let app = existing.as_ref().map_or(0, |e| e.0);
            l.applications.insert(
                (person.id, batch.id),
                (
                    app,
                    ApplicationState::Submitted,
                    base.id,
                    req.specialty.to_owned(),
                ),
            );
        }
        match existing {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO recruit_application
                             (account_id, batch_id, org_id, specialty, state, submitted_at,
                              created_change)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![
                        person.id,
                        batch.id,
                        base.id,
                        req.specialty,
                        ApplicationState::Submitted,
                        req.at,
                        self.change.id
                    ])?;
                Ok(Outcome::Created)
            }
            Some((app, before, org_id, spec)) => {
                self.tx
                    .prepare_cached(
                        "UPDATE recruit_application
                         SET state = ?2, org_id = ?3, specialty = ?4, submitted_at = ?5,
                             reason = NULL, state_change = ?6
                         WHERE id = ?1",
                    )?
                    .execute(params![
                        app,
                        ApplicationState::Submitted,
                        base.id,
                        req.specialty,
                        req.at,
                        self.change.id
                    ])?;
                let note = format!("{} {} {}", batch.label(), base.code, req.specialty);
                self.change.log(
                    self.tx,
                    &Item {
                        subject: id_number,
                        entity: "application",
                        action: "apply",
                        field: Some(<ApplicationState as crate::state::State>::FIELD),
                        before: Some(before.label()),
                        after: Some(ApplicationState::Submitted.label()),
                        note: Some(&note),
                    },
                )?;
                let old_code = self.bases.get(&org_id).map(|b| b.code.as_str());
                self.change.log_field(
                    self.tx,
                    id_number,
                    "application",
                    "培训基地",
                    old_code,
                    Some(&base.code),
                )?;
                self.change.log_field(
                    self.tx,
                    id_number,
                    "application",
                    "培训专业",
                    Some(&spec),
                    Some(req.specialty),
                )?;
                Ok(Outcome::Resubmitted)
            }
        }
    }
}

/// What `recruit apply ID --org --specialty` is asked.
#[derive(Debug, Clone)]
pub struct ApplyOne {
    pub id_number: String,
    pub org: String,
    pub specialty: String,
    pub batch: Option<String>,
    pub now: Now,
}

/// What became of an application from the command line.
#[derive(Debug, Clone, Serialize)]
pub struct Applied {
    pub id_number: String,
    /// Whether the application stands (made now, or already made).
    pub applied: bool,
    /// Whether this command changed anything.
    pub changed: bool,
    pub state: Option<ApplicationState>,
    pub org: String,
    pub specialty: String,
    pub batch: String,
    /// Why it was not taken.
    #[serde(skip)]
    pub refusal: Option<Msg>,
}

/// Applies for one applicant now. A refusal is an answer (exit 1), not an
/// error; an unknown base, specialty or batch is a usage error.
pub fn apply(conn: &mut Connection, req: &ApplyOne, who: &Who) -> Result<Applied> {
    let base = find_base(conn, &req.org)?;
    let specialty = specialty(&req.specialty)?;
    let batch = batch::resolve(conn, req.batch.as_deref(), req.now)?;
    let tx = crate::db::write(conn)?;
    let change = Change::begin(&tx, who)?;
    let mut applying = Applying::load(&tx, change, req.now, false)?;
    let request = Request {
        id_number: identifier(&req.id_number),
        name: None,
        base_id: base.id,
        specialty,
        batch_id: batch.id,
        at: req.now.text(),
    };
    let outcome = applying.apply(&request)?;
    let mut shown = Applied {
        id_number: request.id_number,
        applied: true,
        changed: true,
        state: Some(ApplicationState::Submitted),
        org: base.code,
        specialty: specialty.to_owned(),
        batch: batch.label(),
        refusal: None,
    };
    match outcome {
        Outcome::Created | Outcome::Resubmitted => tx.commit()?,
        Outcome::Unchanged(state) => {
            shown.changed = false;
            shown.state = Some(state);
        }
        Outcome::Refused(_, m) => {
            shown.applied = false;
            shown.changed = false;
            shown.state = None;
            shown.refusal = Some(m);
        }
    }
    Ok(shown)
}

/// The moment a row says it was submitted, if it says.
fn row_moment(cell: &Cell) -> Option<std::result::Result<String, ()>> {
    if cell.is_blank() {
        return None;
    }
    Some(match cell {
        Cell::Float(f) => moment_from_excel_serial(*f).map(moment_text).ok_or(()),
        Cell::Int(i) => moment_from_excel_serial(*i as f64)
            .map(moment_text)
            .ok_or(()),
        Cell::Date(d) => Ok(moment_text(d.and_time(chrono::NaiveTime::MIN))),
        c => parse_moment(&c.display())
            .map(|(d, t)| moment_text(d.and_time(t.unwrap_or_default())))
            .ok_or(()),
    })
}

/// What the row check needs, copied out of the transaction.
struct RowContext {
    bases: HashMap<String, (Base, bool)>,
    batches: Vec<Batch>,
    /// The batch of rows that name none.
    default_batch: Option<Batch>,
    now: String,
    today: chrono::NaiveDate,
}

fn check_row(rec: &Record, cx: &RowContext, problems: &mut Vec<(usize, Msg)>) -> Option<Request> {
    let id_cell = rec.get(col::ID_NUMBER);
    let id_number = if id_cell.is_number() {
        id::check(IdType::ResidentCard, &id_cell.display(), true, cx.today)
            .map(|n| n.number)
            .map_err(|p| problems.push((col::ID_NUMBER, p.msg())))
            .ok()
    } else {
        let n = identifier(&id_cell.display());
        if n.is_empty() {
            problems.push((
                col::ID_NUMBER,
                msg!("证件号码为空", "the ID number is empty"),
            ));
            None
        } else {
            Some(n)
        }
    };
    let name =
        Some(normalize(&rec.get(col::NAME).display()).into_owned()).filter(|n| !n.is_empty());
    let code = rec.get(col::ORG).text().into_owned();
    let base = match cx.bases.get(&code) {
        _ if code.is_empty() => {
            problems.push((col::ORG, msg!("培训基地代码为空", "the base code is empty")));
            None
        }
        Some((b, true)) => Some(b.id),
        Some((_, false)) => {
            problems.push((
                col::ORG,
                msg!(
                    "{code} 不是培训基地,不招录住院医师",
                    "{code} is not a training base and does not recruit residents"
                ),
            ));
            None
        }
        None => {
            problems.push((
                col::ORG,
                msg!(
                    "没有代码为 {code} 的机构",
                    "no organisation with code {code}"
                ),
            ));
            None
        }
    };
    let typed = rec.get(col::SPECIALTY).text();
    let specialty = if typed.is_empty() {
        problems.push((
            col::SPECIALTY,
            msg!("培训专业为空", "the specialty is empty"),
        ));
        None
    } else {
        crate::rules::specialty::find(&typed).or_else(|| {
            problems.push((col::SPECIALTY, unknown_specialty(&typed)));
            None
        })
    };
    let named = rec.get(col::BATCH).text();
    let batch = if named.is_empty() {
        cx.default_batch.as_ref().map(|b| b.id).or_else(|| {
            problems.push((
                col::BATCH,
                msg!(
                    "还没有招录批次(用 meded recruit open 设立)",
                    "there is no recruitment batch yet (open one with meded recruit open)"
                ),
            ));
            None
        })
    } else {
        batch::find_in(&cx.batches, &named)
            .map(|b| b.id)
            .map_err(|m| problems.push((col::BATCH, m)))
            .ok()
    };
    let at = match row_moment(rec.get(col::AT)) {
        None => Some(cx.now.clone()),
        Some(Ok(at)) if at <= cx.now => Some(at),
        Some(Ok(at)) => {
            let now = &cx.now;
            problems.push((
                col::AT,
                msg!(
                    "提交时间 {at} 晚于现在({now})",
                    "the submission time {at} is later than now ({now})"
                ),
            ));
            None
        }
        Some(Err(())) => {
            let shown = rec.get(col::AT).display();
            problems.push((
                col::AT,
                msg!(
                    "提交时间“{shown}”不是日期时间(如 2025-03-01 08:00)",
                    "the submission time '{shown}' is not a date and time (such as 2025-03-01 08:00)"
                ),
            ));
            None
        }
    };
    Some(Request {
        id_number: id_number?,
        name,
        base_id: base?,
        specialty: specialty?,
        batch_id: batch?,
        at: at?,
    })
}

/// What `recruit apply --file` is asked, besides the flags every import takes.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The batch of rows that name none (default: the current batch).
    pub batch: Option<String>,
    pub now: Now,
}

struct ApplicationImport {
    opts: ImportOptions,
    bytes: u64,
}

impl crate::import::Writer for Applying<'_> {
    type Row = Request;
    type Done = ();

    fn write(&mut self, req: Request) -> Result<Written> {
        Ok(match self.apply(&req)? {
            Outcome::Created => Written::Created,
            Outcome::Resubmitted => Written::Updated,
            Outcome::Unchanged(_) => Written::Skipped(None),
            Outcome::Refused(col, m) => Written::Refused(vec![(At::Column(col), m)]),
        })
    }
}

impl Import for ApplicationImport {
    type Input = Record;
    type Row = Request;
    type Done = ();
    type Writer<'t> = Applying<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.bytes = std::fs::metadata(book.path()).map_or(0, |m| m.len());
        self.records(book, flags)
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        _flags: &Flags,
    ) -> Result<Begun<'t, Self>> {
        let now = self.opts.now;
        let batches = batch::list(tx)?;
        let default_batch = match &self.opts.batch {
            Some(_) => Some(batch::resolve(tx, self.opts.batch.as_deref(), now)?),
            None => batch::resolve(tx, None, now).ok(),
        };
        let cx = RowContext {
            bases: organisations(tx)?,
            batches,
            default_batch,
            now: now.text(),
            today: now.today(),
        };
        let mut seen = Seen::for_file_of(self.bytes);
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let req = check_row(rec, &cx, problems)?;
            if let Some(first) = seen.first_row(&req.id_number, rec.row) {
                problems.push((
                    col::ID_NUMBER,
                    msg!(
                        "与第 {first} 行的证件号码重复",
                        "the same ID number as row {first}"
                    ),
                ));
                return None;
            }
            Some(req)
        });
        let writer = Applying::load(tx, change, now, self.bytes >= VALIDATE_ALL_FROM_BYTES)?;
        Ok((check, writer))
    }
}

impl OneSheet for ApplicationImport {
    fn layout(&self) -> &'static Layout {
        &APPLICATION_LAYOUT
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`APPLICATION_LAYOUT`]), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    opts: &ImportOptions,
    rows: Vec<Vec<Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = ApplicationImport {
        opts: opts.clone(),
        bytes: 0,
    };
    crate::import::probe::rows(conn, &importer, rows)
}

/// Imports applications (the platform's export). Each row is one
/// application, refused with the reason as `recruit apply` would refuse
/// it; a row for an application already active is skipped.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let mut importer = ApplicationImport {
        opts: opts.clone(),
        bytes: 0,
    };
    let (report, ()) = crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        progress,
        &mut |_, _| Ok(()),
    )?;
    Ok(report)
}
