//! The evidence of eligibility (师资记录): medical damage incidents with
//! their responsibility, teaching accidents with their grade, and the
//! trainees' yearly evaluations of teaching quality.
//!
//! Evidence is kept, never overwritten: importing the same event again is
//! skipped, a different rating of a year already rated is refused, and a
//! wrong event is withdrawn (已撤回) with a reason on the shared review
//! routine — which the change log keeps (docs/domain.md#teacher-evidence).

use std::collections::HashMap;
use std::path::Path;

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::eligibility::Kind;
use super::{EVENT_KIND, EventStatus};
use crate::account::{self, Role};
use crate::error::{Error, Result};
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::import::{
    At, Check, Flags, Import, ImportReport, OneSheet, Source, Written, record_check,
};
use crate::msg;
use crate::org::{self, Org};
use crate::rules::person;
use crate::rules::text::identifier;
use crate::sheet::{Column, Layout, Record, Workbook};
use crate::state::review::{self, Decision, Decisions, Key, Refused, Reviewable, Subject};

crate::sheet::layout! {
    /// The 师资记录 template: one event a row; 日期 for an incident or an
    /// accident, 年度 for an evaluation; 责任程度, 等级 or 结果 as the kind has.
    pub const EVENT_LAYOUT = sheet "师资记录", positions col {
        ID_NUMBER: Column::required(
            "证件号码",
            &[
                "id number",
                "身份证号",
                "身份证号码",
                "证件号",
                "身份证件号码",
            ],
        ),
        NAME: Column::optional("姓名", &["name", "教师姓名", "师资姓名"]),
        KIND: Column::required("类别", &["kind", "事件类别", "记录类别", "类型"]),
        DATE: Column::optional("日期", &["date", "发生日期", "事件日期", "发生时间"]),
        YEAR: Column::optional("年度", &["year", "评价年度", "年份"]),
        RESPONSIBILITY: Column::optional("责任程度", &["responsibility", "责任"]),
        GRADE: Column::optional("等级", &["grade", "事故等级", "事故级别"]),
        RESULT: Column::optional("结果", &["result", "评价结果", "评估结果"]),
        NOTE: Column::optional("说明", &["note", "备注", "情况说明"]),
    }
}

/// The column that holds the grade of each kind.
fn grade_column(kind: Kind) -> usize {
    match kind {
        Kind::Incident => col::RESPONSIBILITY,
        Kind::Accident => col::GRADE,
        Kind::Evaluation => col::RESULT,
    }
}

/// What `teacher events import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub org: String,
    pub today: NaiveDate,
}

/// A piece of evidence that passed its own checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: Kind,
    /// The day (`2022-05-10`) or, for an evaluation, the year (`2023`).
    pub at: String,
    pub grade: &'static str,
    pub note: Option<String>,
}

/// A row for a known teacher, or one whose ID number names none here: the
/// writer says why from the database.
pub enum EventRow {
    Known {
        row: u32,
        account: i64,
        id_number: String,
        event: Event,
    },
    Unknown {
        id_number: String,
        problems: Vec<(usize, Msg)>,
    },
}

fn check_event(rec: &Record, today: NaiveDate, errors: &mut Vec<(usize, Msg)>) -> Option<Event> {
    let kind_cell = rec.get(col::KIND);
    let kind = match EVENT_KIND
        .find(&kind_cell.text())
        .and_then(Kind::from_label)
    {
        Some(k) => Some(k),
        None => {
            let (shown, all) = (kind_cell.display(), EVENT_KIND.joined());
            errors.push((
                col::KIND,
                if kind_cell.is_blank() {
                    msg!(
                        "类别为空(可用:{all})",
                        "the kind is empty (use one of: {all})"
                    )
                } else {
                    msg!(
                        "不认识的类别“{shown}”(可用:{all})",
                        "unknown kind '{shown}' (use one of: {all})"
                    )
                },
            ));
            None
        }
    };
    let note = {
        let c = rec.get(col::NOTE);
        if c.is_blank() {
            None
        } else {
            let t = c.text().into_owned();
            if t.chars().count() > 500 || t.chars().any(char::is_control) {
                errors.push((
                    col::NOTE,
                    msg!(
                        "说明过长或含控制字符(最多 500 个字符)",
                        "the note is too long or holds control characters (at most 500 characters)"
                    ),
                ));
            }
            Some(t)
        }
    };
    let kind = kind?;
    let at = match kind {
        Kind::Evaluation => {
            // The year rated: 年度, or a year typed under 日期.
            let cell = if rec.get(col::YEAR).is_blank() {
                rec.get(col::DATE)
            } else {
                rec.get(col::YEAR)
            };
            let col = if rec.get(col::YEAR).is_blank() {
                col::DATE
            } else {
                col::YEAR
            };
            match cell.as_year() {
                Some(y) if (1950..=today.year()).contains(&y) => Some(y.to_string()),
                Some(y) => {
                    errors.push((col, msg!("年度 {y} 不合理", "the year {y} is implausible")));
                    None
                }
                None => {
                    let shown = cell.display();
                    errors.push((
                        col,
                        if cell.is_blank() {
                            msg!(
                                "带教评价须填年度(如 2023)",
                                "an evaluation needs the year it rates (年度, such as 2023)"
                            )
                        } else {
                            msg!(
                                "年度“{shown}”不是年份(如 2023)",
                                "the year '{shown}' is not a year (such as 2023)"
                            )
                        },
                    ));
                    None
                }
            }
        }
        _ => {
            let cell = rec.get(col::DATE);
            let label = kind.label();
            match cell.as_day() {
                Some(d) if d > today => {
                    errors.push((
                        col::DATE,
                        msg!("日期 {d} 在将来", "the date {d} is in the future"),
                    ));
                    None
                }
                Some(d) if d.year() < 1950 => {
                    errors.push((
                        col::DATE,
                        msg!("日期 {d} 不合理", "the date {d} is implausible"),
                    ));
                    None
                }
                Some(d) => Some(d.to_string()),
                None if cell.is_blank() => {
                    errors.push((
                        col::DATE,
                        msg!(
                            "{label}须填日期(发生之日,如 2022-05-10)",
                            "a {label} needs its date (the day it happened, such as 2022-05-10)"
                        ),
                    ));
                    None
                }
                None => {
                    let shown = cell.display();
                    errors.push((
                        col::DATE,
                        msg!(
                            "日期“{shown}”不是日期(如 2022-05-10)",
                            "the date '{shown}' is not a date (such as 2022-05-10)"
                        ),
                    ));
                    None
                }
            }
        }
    };
    let col = grade_column(kind);
    let list = kind.grades();
    let cell = rec.get(col);
    let (label, all) = (list.label, list.joined());
    let grade = if cell.is_blank() {
        // Say where the grade went, when it is in another grade column.
        let elsewhere = [col::RESPONSIBILITY, col::GRADE, col::RESULT]
            .into_iter()
            .find(|c| *c != col && !rec.get(*c).is_blank());
        let kind_label = kind.label();
        errors.push((
            col,
            match elsewhere {
                Some(_) => msg!(
                    "{kind_label}的{label}应填在“{label}”列(可用:{all})",
                    "the {label} of a {kind_label} goes in the column {label} (use one of: {all})"
                ),
                None => msg!(
                    "{kind_label}须填{label}(可用:{all})",
                    "a {kind_label} needs its {label} (use one of: {all})"
                ),
            },
        ));
        None
    } else {
        let raw = cell.text();
        match list.find(&raw) {
            Some(g) => Some(g),
            None => {
                errors.push((
                    col,
                    msg!(
                        "不认识的{label}“{raw}”(可用:{all})",
                        "unknown {label} '{raw}' (use one of: {all})"
                    ),
                ));
                None
            }
        }
    };
    for other in [col::RESPONSIBILITY, col::GRADE, col::RESULT] {
        if other != col && !rec.get(other).is_blank() && !cell.is_blank() {
            let kind_label = kind.label();
            errors.push((
                other,
                msg!(
                    "{kind_label}只填“{label}”,此列应为空",
                    "a {kind_label} has only its {label}: this column must be empty"
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return None;
    }
    Some(Event {
        kind,
        at: at?,
        grade: grade?,
        note,
    })
}

/// An event as stored, found by its key.
struct StoredEvent {
    id: i64,
    grade: String,
    note: Option<String>,
    status: EventStatus,
    withdraw_reason: Option<String>,
    created_change: i64,
}

fn stored(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<StoredEvent> {
    Ok(StoredEvent {
        id: r.get(0)?,
        grade: r.get(1)?,
        note: r.get(2)?,
        status: r.get(3)?,
        withdraw_reason: r.get(4)?,
        created_change: r.get(5)?,
    })
}

/// The database side of an evidence import.
pub struct EventWriter<'t> {
    tx: &'t Connection,
    change: Change,
    org: &'t Org,
    /// The row of each event this import inserted, by id.
    rows_of: HashMap<i64, u32>,
}

impl EventWriter<'_> {
    /// The event stored under the same key: teacher, kind, day or year, grade.
    fn same(&self, account: i64, e: &Event) -> Result<Option<StoredEvent>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id, grade, note, status, withdraw_reason, created_change FROM teacher_event
                 WHERE account_id = ?1 AND kind = ?2 AND at = ?3 AND grade = ?4",
            )?
            .query_row(params![account, e.kind.label(), e.at, e.grade], stored)
            .optional()?)
    }

    /// The evaluation in force for the year of `e`, whatever its result.
    fn rating(&self, account: i64, e: &Event) -> Result<Option<StoredEvent>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id, grade, note, status, withdraw_reason, created_change FROM teacher_event
                 WHERE account_id = ?1 AND kind = ?2 AND at = ?3 AND status = ?4",
            )?
            .query_row(
                params![account, e.kind.label(), e.at, EventStatus::Valid],
                stored,
            )
            .optional()?)
    }

    /// A row whose event is stored already (or was inserted by an earlier row).
    fn already(&self, s: &StoredEvent, e: &Event, col: usize) -> Written {
        let id = s.id;
        if s.created_change == self.change.id {
            let first = self.rows_of.get(&id).copied().unwrap_or(0);
            return Written::Refused(vec![(
                At::Column(col),
                msg!(
                    "与第 {first} 行重复:同一事件",
                    "the same event as row {first}"
                ),
            )]);
        }
        if s.status == EventStatus::Withdrawn {
            let reason = s.withdraw_reason.clone().unwrap_or_default();
            return Written::Skipped(Some((
                col,
                msg!(
                    "已跳过:该事件(记录 #{id})已撤回({reason}),不再导入",
                    "skipped: this event (record #{id}) was withdrawn ({reason}) and is not imported again"
                ),
            )));
        }
        if s.note != e.note {
            return Written::Skipped(Some((
                col::NOTE,
                msg!(
                    "已跳过:该事件已登记(记录 #{id}),说明不同;记录不会被覆盖,如有误请撤回后重新导入",
                    "skipped: this event is recorded already (record #{id}) with another note; records are never overwritten: withdraw it and import again if it is wrong"
                ),
            )));
        }
        Written::Skipped(None)
    }
}

impl crate::import::Writer for EventWriter<'_> {
    type Row = EventRow;
    type Done = ();

    fn write(&mut self, row: EventRow) -> Result<Written> {
        let (row, account, e) = match row {
            EventRow::Unknown {
                id_number,
                problems,
            } => {
                let found = account::find(self.tx, &id_number)?;
                let why = super::not_a_teacher(&id_number, found.as_ref(), self.org);
                let mut all = vec![(At::Column(col::ID_NUMBER), why)];
                all.extend(problems.into_iter().map(|(c, m)| (At::Column(c), m)));
                return Ok(Written::Refused(all));
            }
            EventRow::Known {
                row,
                account,
                event,
                ..
            } => (row, account, event),
        };
        let col = grade_column(e.kind);
        if e.kind == Kind::Evaluation
            && let Some(s) = self.rating(account, &e)?
            && s.grade != e.grade
        {
            let (id, year, grade) = (s.id, &e.at, &s.grade);
            if s.created_change == self.change.id {
                let first = self.rows_of.get(&id).copied().unwrap_or(0);
                return Ok(Written::Refused(vec![(
                    At::Column(col),
                    msg!(
                        "与第 {first} 行矛盾:同一年度 {year} 的带教评价只能有一个结果",
                        "contradicts row {first}: the evaluation of {year} has one result"
                    ),
                )]));
            }
            return Ok(Written::Refused(vec![(
                At::Column(col),
                msg!(
                    "{year} 年度的带教评价已登记为“{grade}”(记录 #{id});记录不会被覆盖:如有误,请先撤回(meded teacher events withdraw {id} --reason …)",
                    "the evaluation of {year} is recorded as {grade} (record #{id}); records are never overwritten: if it is wrong, withdraw it first (meded teacher events withdraw {id} --reason …)"
                ),
            )]));
        }
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO teacher_event (account_id, kind, at, grade, note, created_change)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                account,
                e.kind.label(),
                e.at,
                e.grade,
                e.note,
                self.change.id
            ])?;
        if inserted == 1 {
            self.rows_of.insert(self.tx.last_insert_rowid(), row);
            return Ok(Written::Created);
        }
        Ok(match self.same(account, &e)? {
            Some(s) => self.already(&s, &e, col),
            None => Written::Skipped(None),
        })
    }
}

/// `teacher events import` on the import skeleton.
pub struct EventImport {
    org: Org,
    today: NaiveDate,
}

impl Import for EventImport {
    type Input = Record;
    type Row = EventRow;
    type Done = ();
    type Writer<'t> = EventWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.records(book, flags)
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        _flags: &Flags,
    ) -> Result<(Check<Record, EventRow>, EventWriter<'t>)> {
        // The organisation's teachers, loaded once: ID number → (account, name).
        let mut teachers: HashMap<String, (i64, String)> = HashMap::new();
        {
            let mut stmt = tx.prepare(
                "SELECT id_number, id, name FROM account WHERE org_id = ?1 AND role = ?2",
            )?;
            let mut rows = stmt.query(params![self.org.id, Role::Teacher.key()])?;
            while let Some(r) = rows.next()? {
                teachers.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
            }
        }
        let today = self.today;
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let id_number = identifier(&rec.get(col::ID_NUMBER).display());
            if id_number.is_empty() {
                problems.push((
                    col::ID_NUMBER,
                    msg!("证件号码为空", "the ID number is empty"),
                ));
            }
            let event = check_event(rec, today, problems);
            let teacher = teachers.get(&id_number);
            if let Some((_, stored)) = teacher {
                let raw = rec.get(col::NAME);
                if !raw.is_blank() {
                    match person::name(&raw.display()) {
                        Err(m) => problems.push((col::NAME, m)),
                        Ok(n) if n != *stored => problems.push((
                            col::NAME,
                            msg!(
                                "姓名“{n}”与该证件号码的师资“{stored}”不符",
                                "the name '{n}' differs from the teacher's name '{stored}' for this ID number"
                            ),
                        )),
                        Ok(_) => {}
                    }
                }
            }
            match teacher {
                // The writer says why the ID number names no teacher here, first.
                None if !id_number.is_empty() => Some(EventRow::Unknown {
                    id_number,
                    problems: std::mem::take(problems),
                }),
                _ if !problems.is_empty() => None,
                Some((account, _)) => Some(EventRow::Known {
                    row: rec.row,
                    account: *account,
                    id_number,
                    event: event?,
                }),
                None => None,
            }
        });
        Ok((
            check,
            EventWriter {
                tx,
                change,
                org: &self.org,
                rows_of: HashMap::new(),
            },
        ))
    }
}

impl OneSheet for EventImport {
    fn layout(&self) -> &'static Layout {
        &EVENT_LAYOUT
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`EVENT_LAYOUT`]), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    opts: &ImportOptions,
    rows: Vec<Vec<crate::sheet::Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = EventImport {
        org: org::find(conn, &opts.org)?,
        today: opts.today,
    };
    crate::import::probe::rows(conn, &importer, rows)
}

/// Imports evidence about an organisation's teachers.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let mut importer = EventImport {
        org: org::find_kind(conn, &opts.org, crate::org::OrgKind::Base)?,
        today: opts.today,
    };
    Ok(crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        progress,
        &mut |_, _| Ok(()),
    )?
    .0)
}

/// A piece of evidence as listed.
#[derive(Debug, Clone, Serialize)]
pub struct EventRecord {
    /// What `teacher events withdraw` takes.
    pub id: i64,
    pub id_number: String,
    pub name: String,
    pub kind: String,
    /// The day, or the year rated.
    pub at: String,
    pub grade: String,
    pub note: Option<String>,
    pub status: EventStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdraw_reason: Option<String>,
}

/// The evidence about an organisation's teachers (or the ones named), by
/// teacher and date; withdrawn events only with `withdrawn`.
pub fn list(
    conn: &Connection,
    org: &str,
    ids: &[String],
    withdrawn: bool,
) -> Result<Vec<EventRecord>> {
    let org = org::find_kind(conn, org, crate::org::OrgKind::Base)?;
    let mut accounts = Vec::new();
    for raw in ids {
        let id_number = identifier(raw);
        match super::find_teacher(conn, &id_number, &org)? {
            Ok(f) => accounts.push(f.id),
            Err(m) => return Err(Error::Usage(m)),
        }
    }
    let mut stmt = conn.prepare(
        "SELECT e.id, a.id_number, a.name, e.kind, e.at, e.grade, e.note, e.status,
                e.withdraw_reason, e.account_id
         FROM teacher_event e JOIN account a ON a.id = e.account_id
         WHERE a.org_id = ?1 AND (?2 OR e.status = ?3)
         ORDER BY a.id_number, e.at, e.id",
    )?;
    let rows = stmt.query_map(params![org.id, withdrawn, EventStatus::Valid], |r| {
        Ok((
            r.get::<_, i64>(9)?,
            EventRecord {
                id: r.get(0)?,
                id_number: r.get(1)?,
                name: r.get(2)?,
                kind: r.get(3)?,
                at: r.get(4)?,
                grade: r.get(5)?,
                note: r.get(6)?,
                status: r.get(7)?,
                withdraw_reason: r.get(8)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (account, rec) = row?;
        if accounts.is_empty() || accounts.contains(&account) {
            out.push(rec);
        }
    }
    Ok(out)
}

struct Withdrawals;

impl Reviewable for Withdrawals {
    type State = EventStatus;
    type Extra = ();
    const ENTITY: &'static str = "teacher_event";

    fn set(
        &self,
        tx: &Connection,
        change: &Change,
        subject: &Subject<EventStatus>,
        to: EventStatus,
        reason: Option<&str>,
    ) -> Result<()> {
        tx.prepare_cached(
            "UPDATE teacher_event SET status = ?2, withdraw_reason = ?3, withdrawn_change = ?4
             WHERE id = ?1",
        )?
        .execute(params![subject.id, to, reason, change.id])?;
        Ok(())
    }

    fn refuse(&self, subject: &Subject<EventStatus>, _to: EventStatus) -> Msg {
        let Key::Record(id) = subject.key else {
            return msg!("已撤回", "withdrawn already");
        };
        msg!(
            "记录 #{id} 已撤回,不能再改",
            "record #{id} is withdrawn already and cannot change"
        )
    }
}

/// Withdraws wrong events, each with the reason, logged. `org` limits the
/// events to those of its teachers.
pub fn withdraw(
    conn: &mut Connection,
    ids: &[i64],
    org: Option<&str>,
    reason: Option<&str>,
    who: &Who,
) -> Result<Decisions<EventStatus>> {
    let decision = Decision::new(EventStatus::Withdrawn, "withdraw", reason)?;
    if ids.is_empty() {
        return Err(Error::Usage(msg!(
            "请给出要撤回的记录编号(见 meded teacher events list)",
            "give the ids of the records to withdraw (see meded teacher events list)"
        )));
    }
    let org = match org {
        Some(code) => Some(org::find_kind(conn, code, crate::org::OrgKind::Base)?),
        None => None,
    };
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    review::run(conn, who, &Withdrawals, &decision, |tx| {
        let mut found = Vec::with_capacity(ids.len());
        for &id in &ids {
            let row: Option<(String, String, i64, String, String, String, EventStatus)> = tx
                .query_row(
                    "SELECT a.id_number, a.name, a.org_id, e.kind, e.at, e.grade, e.status
                     FROM teacher_event e JOIN account a ON a.id = e.account_id WHERE e.id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                        ))
                    },
                )
                .optional()?;
            found.push(match row {
                None => Err(Refused {
                    key: Key::Record(id),
                    message: msg!(
                        "没有编号为 {id} 的师资记录",
                        "no teacher's record with id {id}"
                    ),
                }),
                Some((_, _, org_id, ..)) if org.as_ref().is_some_and(|o| o.id != org_id) => {
                    let code = org.as_ref().map(|o| o.code.clone()).unwrap_or_default();
                    Err(Refused {
                        key: Key::Record(id),
                        message: msg!(
                            "记录 #{id} 不是 {code} 的师资的记录",
                            "record #{id} is not about a teacher of {code}"
                        ),
                    })
                }
                Some((id_number, name, _, kind, at, grade, status)) => Ok(Subject {
                    key: Key::Record(id),
                    id,
                    note: Some(format!("#{id} {kind} {at} {grade}")),
                    id_number,
                    name,
                    state: status,
                    extra: (),
                }),
            });
        }
        Ok(found)
    })
}
