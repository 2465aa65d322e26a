//! Submission (上报) and review (审核) of training records: a base submits
//! complete records, the province approves or returns them with a reason,
//! and every step is kept in the change log (docs/domain.md#submission-and-review).

pub mod export;

use std::collections::HashMap;

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::NaiveDate;
use serde::Serialize;

use crate::collection::Locks;
use crate::error::{Error, Result};
use crate::history::{self, Change, Event, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::identifier;
use crate::state::State;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Reviewable, Subject};
use crate::training::{
    RECORD_COLUMNS, RECORD_FROM, Record, ReportStatus, ReviewStatus, Status, Submission,
    record_from_row,
};

/// The training fields a record needs before it can be submitted.
pub fn training_gaps(r: &Record) -> Vec<Msg> {
    let mut gaps = Vec::new();
    let mut need = |missing: bool, field: &str| {
        if missing {
            gaps.push(msg!(
                "培训信息缺少{field}",
                "the training information lacks {field}"
            ));
        }
    };
    need(r.specialty.is_none(), "培训专业");
    need(r.person_type.is_none(), "人员类型");
    need(r.approved_years.is_none(), "核定培训年限");
    need(r.start_date.is_none(), "培训开始时间");
    need(r.end_date.is_none(), "培训结束时间");
    if r.status == Status::Completed {
        need(r.certificate_no.is_none(), "住院医师规范化培训合格证书编号");
        need(r.certificate_date.is_none(), "合格证书发放时间");
    }
    gaps
}

/// The errors of each resident's personal information (the resident
/// profile), by account: what keeps their records from being submitted. The
/// base's residents are validated together (fast, set-based); anyone else
/// with a record at the base (a person who has moved on) one by one.
fn personal_errors(
    conn: &Connection,
    org: &crate::org::Org,
    year: Option<i32>,
    accounts: &[(i64, &str)],
    today: NaiveDate,
) -> Result<HashMap<i64, Vec<Msg>>> {
    use crate::profile::{store, validate};
    let opts = validate::Options {
        today,
        photo_rules: Default::default(),
        lists: crate::codes::ProfileLists::load(conn)?,
        images: true,
    };
    let report = validate::validate_db(conn, Some(&org.code), year, &opts, &|_, _| {})?;
    let mut by_id: HashMap<&str, Vec<&validate::Issue>> = HashMap::new();
    for issue in report
        .issues
        .iter()
        .filter(|i| i.severity == crate::rules::Severity::Error)
    {
        by_id
            .entry(issue.id_number.as_str())
            .or_default()
            .push(issue);
    }
    let covered: std::collections::HashSet<i64> = conn
        .prepare("SELECT id FROM account WHERE org_id = ?1 AND role = 'resident'")?
        .query_map([org.id], |r| r.get(0))?
        .collect::<crate::db::sql::Result<_>>()?;
    let ctx = validate::Context::new(today).with_lists(&opts.lists);
    let mut out = HashMap::new();
    for &(account_id, id_number) in accounts {
        let issues: Vec<validate::Issue>;
        let errors: Vec<&validate::Issue> = if covered.contains(&account_id) {
            by_id.get(id_number).cloned().unwrap_or_default()
        } else {
            issues = validate::check(&store::load(conn, account_id)?, &ctx);
            issues
                .iter()
                .filter(|i| i.severity == crate::rules::Severity::Error)
                .collect()
        };
        if !errors.is_empty() {
            out.insert(
                account_id,
                errors.iter().map(|i| personal_reason(i)).collect(),
            );
        }
    }
    Ok(out)
}

/// One profile error as a reason: "个人信息·学习经历·学历证书编码:…".
fn personal_reason(i: &crate::profile::validate::Issue) -> Msg {
    let section = i.section.label();
    let field = i.place();
    let place = if field.is_empty() {
        section.to_owned()
    } else {
        format!("{section}·{field}")
    };
    Msg::new(
        format!("个人信息·{place}:{}", i.message.zh),
        format!("personal information, {place}: {}", i.message.en),
    )
}

/// Why a record is waiting for a correction that has not come: the base
/// returned the resident's personal information (待修改) and the resident
/// has not changed it since, or the province returned the record (退回修改)
/// and nothing in it has changed since. Sending it again as it was would
/// only be returned again.
fn waiting_for_correction(
    tx: &Connection,
    r: &Record,
    resubmit_unchanged: bool,
) -> Result<Vec<Msg>> {
    let mut why = Vec::new();
    let unanswered: Option<String> = tx
        .prepare_cached(
            "SELECT r.reason FROM profile_return r
             WHERE r.account_id = ?1 AND r.id = (SELECT max(id) FROM profile_return
                                                  WHERE account_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM change_item i
                               WHERE i.subject = ?2 AND i.entity LIKE 'profile%'
                                 AND i.action <> 'return' AND i.change_id > r.change_id)",
        )?
        .query_row(params![r.account_id, r.id_number], |row| row.get(0))
        .optional()?;
    if let Some(reason) = unanswered {
        why.push(msg!(
            "个人信息已由本基地退回本人修改(原因:{reason}),尚未修改",
            "the base returned the personal information to the resident ({reason}) and it has not been corrected yet"
        ));
    }
    if r.submission() == Submission::Returned && !resubmit_unchanged {
        let unchanged: bool = tx
            .prepare_cached(
                "SELECT NOT EXISTS (
                     SELECT 1 FROM change_item i
                     WHERE i.subject = ?1
                       AND (i.entity IN ('training', 'account') OR i.entity LIKE 'profile%')
                       AND i.change_id > (SELECT coalesce(max(change_id), 0) FROM change_item
                                          WHERE subject = ?1 AND entity = 'review'
                                            AND action = 'return'))",
            )?
            .query_row([&r.id_number], |row| row.get(0))?;
        if unchanged {
            let reason = r.review_reason.clone().unwrap_or_default();
            let id = &r.id_number;
            why.push(msg!(
                "省级已退回修改(原因:{reason}),退回后记录未作任何修改:请按原因修改后再上报;确认无需修改的,用 meded report submit {id} --resubmit-unchanged --reason 说明 原样重新上报",
                "the province returned the record ({reason}) and nothing in it has changed since: correct it and submit it again, or, if it needs no change, submit it as it is with meded report submit {id} --resubmit-unchanged --reason TEXT"
            ));
        }
    }
    Ok(why)
}

/// What `report submit` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct SubmitOptions {
    /// The base submitting; with `ids` alone, the bases of those people.
    pub org: Option<String>,
    /// Only these people's records (ID numbers as typed).
    pub ids: Vec<String>,
    pub year: Option<i32>,
    pub dry_run: bool,
    /// Submit for the first time records of a year whose new-recruit entry
    /// is shut (the province's decision, noted in the change log).
    pub override_lock: bool,
    /// Why records of `ids` that the province returned go back to it as
    /// they are (the base holds that nothing needed changing): kept in the
    /// change log of each.
    pub resubmit_unchanged: Option<String>,
    pub today: NaiveDate,
}

/// A record left out of a submission, with why.
#[derive(Debug, Clone)]
pub struct LeftOut {
    pub id_number: String,
    pub name: String,
    pub recruit_year: i32,
    pub reasons: Vec<Msg>,
}

/// What `report submit` did (or would do, with `--dry-run`).
#[derive(Debug, Clone, Default)]
pub struct SubmitReport {
    pub submitted: Vec<(String, String, i32)>,
    pub left_out: Vec<LeftOut>,
    /// Records of the base already submitted and not changed since.
    pub already_submitted: u64,
    pub written: bool,
}

/// Submits every record of a base (of one recruitment year if given; of
/// the people named if any) that is not yet submitted, whose training
/// information is complete, whose personal information passes `personal`,
/// and whose year is not locked.
pub fn submit(conn: &mut Connection, opts: &SubmitOptions, who: &Who) -> Result<SubmitReport> {
    if opts.resubmit_unchanged.is_some() && opts.ids.is_empty() {
        return Err(Error::Usage(msg!(
            "--resubmit-unchanged 只用于逐一给出证件号码的记录",
            "--resubmit-unchanged applies only to records named by their ID numbers"
        )));
    }
    if opts
        .resubmit_unchanged
        .as_ref()
        .is_some_and(|r| r.trim().is_empty())
    {
        return Err(Error::Usage(msg!(
            "原样重新上报须说明原因(--reason)",
            "submitting a returned record unchanged needs a reason (--reason)"
        )));
    }
    let org = match &opts.org {
        Some(code) => Some(crate::org::find_kind(
            conn,
            code,
            crate::org::OrgKind::Base,
        )?),
        None if opts.ids.is_empty() => {
            return Err(Error::Usage(msg!(
                "请给出 --org 或证件号码",
                "give --org or ID numbers"
            )));
        }
        None => None,
    };
    let tx = crate::db::write(conn)?;
    let mut report = SubmitReport::default();
    let records: Vec<Record> = if opts.ids.is_empty() {
        let org_id = org.as_ref().map(|o| o.id);
        tx.prepare(&format!(
            "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM}
             WHERE t.org_id = ?1 AND (?2 IS NULL OR t.recruit_year = ?2)
             ORDER BY t.recruit_year, a.id_number"
        ))?
        .query_map(params![org_id, opts.year], record_from_row)?
        .collect::<crate::db::sql::Result<_>>()?
    } else {
        let mut stmt = tx.prepare(&format!(
            "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM}
             WHERE a.id_number = ?1 AND (?2 IS NULL OR t.org_id = ?2)
               AND (?3 IS NULL OR t.recruit_year = ?3)
             ORDER BY t.recruit_year"
        ))?;
        let mut found = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for raw in &opts.ids {
            let id = identifier(raw);
            if !seen.insert(id.clone()) {
                continue;
            }
            let org_id = org.as_ref().map(|o| o.id);
            let rows: Vec<Record> = stmt
                .query_map(params![id, org_id, opts.year], record_from_row)?
                .collect::<crate::db::sql::Result<_>>()?;
            if rows.is_empty() {
                report.left_out.push(LeftOut {
                    id_number: id,
                    name: String::new(),
                    recruit_year: 0,
                    reasons: vec![msg!(
                        "没有该证件号码的培训记录(在所给基地、年份中)",
                        "no training record with this ID number (at the base and year given)"
                    )],
                });
            }
            found.extend(rows);
        }
        found
    };
    let candidates: Vec<&Record> = records
        .iter()
        .filter(|r| {
            let done = r.report_status == ReportStatus::Submitted;
            report.already_submitted += u64::from(done);
            !done
        })
        .collect();
    let mut personal = HashMap::new();
    // The personal information of each base's candidates, validated together.
    let mut bases: Vec<(i64, &str)> = candidates
        .iter()
        .map(|r| (r.org_id, r.org.as_str()))
        .collect();
    bases.sort_unstable();
    bases.dedup();
    for (base, code) in bases {
        let org = crate::org::find(&tx, code)?;
        let accounts: Vec<(i64, &str)> = candidates
            .iter()
            .filter(|r| r.org_id == base)
            .map(|r| (r.account_id, r.id_number.as_str()))
            .collect();
        personal.extend(personal_errors(
            &tx, &org, opts.year, &accounts, opts.today,
        )?);
    }
    let locks = Locks::load(&tx, opts.today)?;
    let change = Change::begin(&tx, who)?;
    let mut update = tx.prepare(
        "UPDATE training SET report_status = ?2, review_status = ?3, review_reason = NULL
         WHERE id = ?1",
    )?;
    let (submitted, pending) = Submission::Pending.columns();
    for r in candidates {
        let mut reasons = Vec::new();
        // Only a first submission belongs to the year's new-recruit entry;
        // a record submitted before is submitted again at any time (住院医师
        // 信息管理: 可随时进行更新、上报、审核).
        let first = r.review_status.is_none();
        let lock = locks.entry(r.recruit_year).filter(|_| first);
        let overridden = match lock {
            Some(lock) if !opts.override_lock => {
                reasons.push(lock.msg());
                None
            }
            lock => lock.map(|l| format!("--override: {}", l.collection.describe())),
        };
        reasons.extend(training_gaps(r));
        if let Some(p) = personal.get(&r.account_id) {
            reasons.extend(p.iter().cloned());
        }
        let as_it_is = opts.resubmit_unchanged.is_some() && r.submission() == Submission::Returned;
        reasons.extend(waiting_for_correction(&tx, r, as_it_is)?);
        if !reasons.is_empty() {
            report.left_out.push(LeftOut {
                id_number: r.id_number.clone(),
                name: r.name.clone(),
                recruit_year: r.recruit_year,
                reasons,
            });
            continue;
        }
        update.execute(params![r.id, submitted, pending])?;
        change.log(
            &tx,
            &Item {
                subject: &r.id_number,
                entity: "report",
                action: "submit",
                field: Some(ReportStatus::FIELD),
                before: Some(ReportStatus::NotSubmitted.label()),
                after: Some(ReportStatus::Submitted.label()),
                note: Some(&{
                    let mut note = format!("{} {}", r.org, r.recruit_year);
                    if let Some(o) = &overridden {
                        note.push_str(&format!("({o})"));
                    }
                    if let Some(why) = opts.resubmit_unchanged.as_ref().filter(|_| as_it_is) {
                        note.push_str(&format!(";未修改重新上报:{}", why.trim()));
                    }
                    note
                }),
            },
        )?;
        report
            .submitted
            .push((r.id_number.clone(), r.name.clone(), r.recruit_year));
    }
    drop(update);
    if !opts.dry_run && !report.submitted.is_empty() {
        tx.commit()?;
        report.written = true;
    }
    Ok(report)
}

/// Counts of records in each state, for one base and year.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StatusCount {
    pub org: String,
    pub org_name: String,
    pub recruit_year: i32,
    pub not_submitted: u64,
    pub pending: u64,
    pub approved: u64,
    pub returned: u64,
    pub total: u64,
}

/// `report status`: counts per base, year and state.
pub fn status(conn: &Connection, org: Option<&str>, year: Option<i32>) -> Result<Vec<StatusCount>> {
    let org_id = match org {
        Some(code) => Some(crate::org::find_kind(conn, code, crate::org::OrgKind::Base)?.id),
        None => None,
    };
    let mut stmt = conn.prepare(
        "SELECT o.code, o.name, t.recruit_year, t.report_status, t.review_status, count(*)
         FROM training t JOIN org o ON o.id = t.org_id
         WHERE (?1 IS NULL OR t.org_id = ?1) AND (?2 IS NULL OR t.recruit_year = ?2)
         GROUP BY o.code, o.name, t.recruit_year, t.report_status, t.review_status
         ORDER BY o.code, t.recruit_year",
    )?;
    let mut out: Vec<StatusCount> = Vec::new();
    let rows = stmt.query_map(params![org_id, year], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i32>(2)?,
            r.get::<_, ReportStatus>(3)?,
            r.get::<_, Option<ReviewStatus>>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    for row in rows {
        let (code, name, year, report, review, n) = row?;
        let n = n as u64;
        if out
            .last()
            .is_none_or(|c| c.org != code || c.recruit_year != year)
        {
            out.push(StatusCount {
                org: code,
                org_name: name,
                recruit_year: year,
                not_submitted: 0,
                pending: 0,
                approved: 0,
                returned: 0,
                total: 0,
            });
        }
        if let Some(c) = out.last_mut() {
            match Submission::of(report, review) {
                Submission::Pending => c.pending += n,
                Submission::Approved => c.approved += n,
                Submission::Returned => c.returned += n,
                Submission::NotSubmitted => c.not_submitted += n,
            }
            c.total += n;
        }
    }
    Ok(out)
}

/// A record as `audit list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    #[serde(flatten)]
    pub record: Record,
    /// 未上报, 待审核, 审核通过 or 退回修改.
    pub state: Submission,
}

/// `audit list`: records of a state (default 待审核), optionally one base's.
pub fn list(conn: &Connection, org: Option<&str>, state: Option<&str>) -> Result<Vec<AuditRow>> {
    let state = match state {
        None => Submission::Pending,
        Some(s) => parse_state(s)?,
    };
    let org_id = match org {
        Some(code) => Some(crate::org::find_kind(conn, code, crate::org::OrgKind::Base)?.id),
        None => None,
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM}
         WHERE (?1 IS NULL OR t.org_id = ?1)
         ORDER BY o.code, t.recruit_year, a.id_number"
    ))?;
    let rows = stmt.query_map(params![org_id], record_from_row)?;
    let mut out = Vec::new();
    for r in rows {
        let record = r?;
        let s = record.submission();
        if s == state {
            out.push(AuditRow { record, state: s });
        }
    }
    Ok(out)
}

/// A state as typed: the Chinese names, or pending/approved/returned/unsubmitted.
pub fn parse_state(raw: &str) -> Result<Submission> {
    Submission::parse(raw).ok_or_else(|| {
        let (raw, all) = (raw.trim(), Submission::joined());
        Error::Usage(msg!(
            "不认识的状态“{raw}”(可用:{all})",
            "unknown state '{raw}' (use one of: {all}, or pending, approved, returned, unsubmitted)"
        ))
    })
}

/// Which records a review acts on.
#[derive(Debug, Clone)]
pub enum Target {
    /// These people's submitted records (within one base if given).
    People {
        ids: Vec<String>,
        org: Option<String>,
    },
    /// Every record of a base awaiting review.
    AllOf(String),
}

/// What an approval or return did: each record reached, with the record.
#[derive(Debug, Clone)]
pub struct ReviewReport {
    pub decisions: Decisions<Submission, Record>,
    /// Recruitment years whose review window had already closed.
    pub late: Vec<String>,
}

/// The province's review of submitted records.
struct Submissions;

impl Reviewable for Submissions {
    type State = Submission;
    type Extra = Record;
    const ENTITY: &'static str = "review";

    fn set(
        &self,
        tx: &Connection,
        _change: &Change,
        subject: &Subject<Submission, Record>,
        to: Submission,
        reason: Option<&str>,
    ) -> Result<()> {
        let (report, review) = to.columns();
        tx.prepare_cached(
            "UPDATE training SET report_status = ?2, review_status = ?3,
                    review_reason = coalesce(?4, review_reason)
             WHERE id = ?1",
        )?
        .execute(params![subject.id, report, review, reason])?;
        Ok(())
    }

    fn refuse(&self, subject: &Subject<Submission, Record>, to: Submission) -> Msg {
        match subject.state {
            Submission::NotSubmitted | Submission::Returned => msg!(
                "未上报:只有“已上报”的记录才能审核",
                "not submitted: only submitted (已上报) records can be reviewed"
            ),
            s => s.refuse_move(to),
        }
    }
}

fn submitted_records(
    tx: &Connection,
    target: &Target,
    approving: bool,
) -> Result<Vec<Result<Subject<Submission, Record>, Refused>>> {
    let subject = |r: Record| Subject {
        key: Key::Person(r.id_number.clone()),
        id: r.id,
        id_number: r.id_number.clone(),
        name: r.name.clone(),
        state: r.submission(),
        // A return's note is its reason alone: what the base reads.
        note: approving.then(|| format!("{} {}", r.org, r.recruit_year)),
        extra: r,
    };
    let mut out = Vec::new();
    match target {
        Target::AllOf(code) => {
            let org = crate::org::find_kind(tx, code, crate::org::OrgKind::Base)?;
            let (report, review) = Submission::Pending.columns();
            let records: Vec<Record> = tx
                .prepare(&format!(
                    "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM}
                     WHERE t.org_id = ?1 AND t.report_status = ?2 AND t.review_status = ?3
                     ORDER BY a.id_number"
                ))?
                .query_map(params![org.id, report, review], record_from_row)?
                .collect::<crate::db::sql::Result<_>>()?;
            out.extend(records.into_iter().map(|r| Ok(subject(r))));
        }
        Target::People { ids, org } => {
            let org_id = match org {
                Some(code) => Some(crate::org::find_kind(tx, code, crate::org::OrgKind::Base)?.id),
                None => None,
            };
            let mut stmt = tx.prepare(&format!(
                "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM}
                 WHERE a.id_number = ?1 AND (?2 IS NULL OR t.org_id = ?2)
                 ORDER BY t.id DESC"
            ))?;
            for raw in ids {
                let id = identifier(raw);
                let all: Vec<Record> = stmt
                    .query_map(params![id, org_id], record_from_row)?
                    .collect::<crate::db::sql::Result<_>>()?;
                // The submitted record, else the latest (which the review
                // routine then refuses with why).
                let pick = all
                    .iter()
                    .position(|r| r.report_status == ReportStatus::Submitted)
                    .unwrap_or(0);
                out.push(match all.into_iter().nth(pick) {
                    Some(r) => Ok(subject(r)),
                    None => Err(Refused {
                        key: Key::Person(id),
                        message: msg!("没有培训记录", "no training record"),
                    }),
                });
            }
        }
    }
    Ok(out)
}

/// Runs an approval or a return; warns of review windows already closed.
fn decide(
    conn: &mut Connection,
    target: &Target,
    decision: &Decision<Submission>,
    today: NaiveDate,
    who: &Who,
) -> Result<ReviewReport> {
    let approving = decision.to == Submission::Approved;
    let mut locks = None;
    let decisions = review::run(conn, who, &Submissions, decision, |tx| {
        locks = Some(Locks::load(tx, today)?);
        submitted_records(tx, target, approving)
    })?;
    let mut late: Vec<String> = decisions
        .decided
        .iter()
        .filter(|d| d.changed)
        .filter_map(|d| locks.as_ref()?.review_closed(d.extra.recruit_year))
        .map(|c| c.describe())
        .collect();
    late.sort();
    late.dedup();
    Ok(ReviewReport { decisions, late })
}

/// Approves submitted records (审核通过).
pub fn approve(
    conn: &mut Connection,
    target: &Target,
    today: NaiveDate,
    who: &Who,
) -> Result<ReviewReport> {
    let decision = Decision::new(Submission::Approved, "approve", None)?;
    decide(conn, target, &decision, today, who)
}

/// Returns a submitted record to its base for correction (退回修改), with
/// the reason the base will read; it is 未上报 again until resubmitted.
pub fn return_record(
    conn: &mut Connection,
    id_number: &str,
    org: Option<&str>,
    reason: &str,
    today: NaiveDate,
    who: &Who,
) -> Result<ReviewReport> {
    if reason.trim().is_empty() {
        return Err(Error::Usage(msg!(
            "退回须写明原因(--reason)",
            "a return needs a reason (--reason)"
        )));
    }
    let decision = Decision::new(Submission::Returned, "return", Some(reason))?;
    let target = Target::People {
        ids: vec![id_number.to_owned()],
        org: org.map(str::to_owned),
    };
    decide(conn, &target, &decision, today, who)
}

/// `audit history`: everything that happened to a person's records, in
/// time order — submissions, reviews with return reasons, and field changes
/// (passwords are left out: they are not the province's business) — also
/// after the account was deleted.
pub fn history(conn: &Connection, id_number: &str) -> Result<Vec<Event>> {
    let id = identifier(id_number);
    let events = history::of_person(conn, &id)?;
    // Nothing recorded means no such person; a deleted account still has
    // its history, which is kept by ID number.
    if events.is_empty() {
        return Err(crate::account::no_account(&id));
    }
    Ok(events
        .into_iter()
        .filter(|e| !matches!(e.entity.as_str(), "password" | "setting"))
        .collect())
}
