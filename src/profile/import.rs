//! `profile import`: a profile workbook (基本信息, 学习经历, 证书信息) into
//! the database. Each person's profile is replaced whole by what the file
//! holds for them, and every changed field is logged with its value before
//! and after (the 变更详情 of seed 001).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::fields::{Kind, Section};
use super::model::{Profile, Tab, Value};
use super::sheet::{self, RowProblem};
use super::store;
use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::org;

/// What `profile import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Only people whose account is at this organisation.
    pub org: Option<String>,
    pub today: NaiveDate,
}

/// One refused row (SPEC §4: `row`, `column`, `message`, and the sheet).
#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    pub sheet: &'static str,
    pub row: u32,
    pub column: String,
    #[serde(skip)]
    pub message: Msg,
}

/// What an import did. The counts are of people: `imported` got a first
/// profile, `updated` had theirs changed, `skipped` had it unchanged,
/// `rejected` were refused (their rows are in `errors`, and their stored
/// profile is left as it was).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub imported: u64,
    pub updated: u64,
    pub skipped: u64,
    pub rejected: u64,
    pub errors: Vec<RowError>,
    pub unknown_columns: Vec<(Section, Vec<String>)>,
    pub missing_columns: Vec<(Section, Vec<&'static str>)>,
    pub written: bool,
}

struct Account {
    id: i64,
    role: String,
    org_id: i64,
    org_code: String,
    org_name: String,
}

fn entity(section: Section, level: Option<&str>) -> String {
    match level {
        Some(l) => format!("profile.{}.{l}", section.label()),
        None => format!("profile.{}", section.label()),
    }
}

/// Logs the differences between two versions of a tab, field by field.
fn log_tab(
    tx: &Connection,
    change: &Change,
    subject: &str,
    section: Section,
    level: Option<&str>,
    old: Option<&Tab>,
    new: Option<&Tab>,
) -> Result<bool> {
    let entity = entity(section, level);
    let whole = |action: &'static str| -> Result<bool> {
        change.log(
            tx,
            &Item {
                subject,
                entity: &entity,
                action,
                ..Item::default()
            },
        )?;
        Ok(true)
    };
    match (old, new) {
        (None, None) => Ok(false),
        (None, Some(_)) => whole("create"),
        (Some(_), None) => whole("delete"),
        (Some(o), Some(n)) => {
            let mut changed = false;
            for ((f, a), b) in section.fields().iter().zip(&o.values).zip(&n.values) {
                changed |= change.log_field(tx, subject, &entity, f.label, a.text(), b.text())?;
            }
            Ok(changed)
        }
    }
}

/// Logs what changes from `old` to `new`; says whether anything did.
fn log_changes(
    tx: &Connection,
    change: &Change,
    subject: &str,
    old: &Profile,
    new: &Profile,
) -> Result<bool> {
    if old.is_empty() {
        change.log(
            tx,
            &Item {
                subject,
                entity: "profile",
                action: "create",
                ..Item::default()
            },
        )?;
        return Ok(true);
    }
    let mut changed = log_tab(
        tx,
        change,
        subject,
        Section::Basic,
        None,
        old.basic.as_ref(),
        new.basic.as_ref(),
    )?;
    let mut levels: Vec<&str> = old
        .education
        .iter()
        .chain(&new.education)
        .map(|e| e.level)
        .collect();
    levels.sort_by_key(|l| super::model::level_rank(l));
    levels.dedup();
    for level in levels {
        fn find<'p>(p: &'p Profile, level: &str) -> Option<&'p Tab> {
            p.education
                .iter()
                .find(|e| e.level == level)
                .map(|e| &e.tab)
        }
        changed |= log_tab(
            tx,
            change,
            subject,
            Section::Education,
            Some(level),
            find(old, level),
            find(new, level),
        )?;
    }
    changed |= log_tab(
        tx,
        change,
        subject,
        Section::Certificate,
        None,
        old.certificate.as_ref(),
        new.certificate.as_ref(),
    )?;
    Ok(changed)
}

/// Image paths that lead out of the workbook's folder refuse their row:
/// a workbook must not make meded read (or record) files elsewhere.
fn escaping_photos(p: &Profile, book: &sheet::ProfileBook) -> Vec<RowProblem> {
    let mut out = Vec::new();
    let tabs = p
        .basic
        .iter()
        .map(|t| (Section::Basic, None, t))
        .chain(
            p.education
                .iter()
                .map(|e| (Section::Education, Some(e.level), &e.tab)),
        )
        .chain(
            p.certificate
                .iter()
                .map(|t| (Section::Certificate, None, t)),
        );
    for (section, level, tab) in tabs {
        for (i, (f, v)) in section.fields().iter().zip(&tab.values).enumerate() {
            if let (Kind::Photo(_), Value::Raw(typed)) = (f.kind, v) {
                out.push(RowProblem {
                    section,
                    level,
                    row: tab.row.unwrap_or(0),
                    field: f.label,
                    column: book.header(section, section.keys() + i),
                    message: msg!(
                        "图片路径 {typed} 指向工作簿所在文件夹之外;请把图片放在工作簿旁边的文件夹里,写相对路径",
                        "the image path {typed} leads outside the workbook's folder; keep images in a folder beside the workbook and write relative paths"
                    ),
                });
            }
        }
    }
    out
}

/// Imports a profile workbook.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let org = match &opts.org {
        Some(code) => Some(org::find(conn, code)?),
        None => None,
    };
    let book = sheet::read(path, opts.today, progress)?;
    let mut report = ImportReport {
        unknown_columns: book.unknown_columns.clone(),
        missing_columns: book.missing_columns.clone(),
        ..ImportReport::default()
    };
    let tx = crate::db::write(conn)?;
    let change = Change::begin(&tx, who)?;
    let refuse = |report: &mut ImportReport, problems: Vec<(Section, u32, String, Msg)>| {
        report.rejected += 1;
        for (section, row, column, message) in problems {
            report.errors.push(RowError {
                sheet: section.label(),
                row,
                column,
                message,
            });
        }
    };
    for x in &book.unattached {
        refuse(
            &mut report,
            vec![(x.section, x.row, x.column.clone(), x.message.clone())],
        );
    }
    let mut accounts: HashMap<String, Option<Account>> = HashMap::new();
    let total = book.people.len() as u64;
    for (n, person) in book.people.iter().enumerate() {
        if n % 256 == 0 {
            progress(n as u64, total);
        }
        let p = &person.profile;
        let (first_section, first_row) = person.first.unwrap_or((Section::Basic, 0));
        let key_header = book.header(first_section, 0);
        let mut problems: Vec<RowProblem> = person.problems.clone();
        problems.extend(escaping_photos(p, &book));
        if !problems.is_empty() {
            refuse(
                &mut report,
                problems
                    .into_iter()
                    .map(|x| (x.section, x.row, x.column, x.message))
                    .collect(),
            );
            continue;
        }
        let account = accounts.entry(p.id_number.clone()).or_insert_with(|| None);
        if account.is_none() {
            *account = tx
                .prepare_cached(
                    "SELECT a.id, a.role, a.org_id, o.code, o.name FROM account a
                     JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
                )?
                .query_row([&p.id_number], |r| {
                    Ok(Account {
                        id: r.get(0)?,
                        role: r.get(1)?,
                        org_id: r.get(2)?,
                        org_code: r.get(3)?,
                        org_name: r.get(4)?,
                    })
                })
                .optional()?;
        }
        let id_number = &p.id_number;
        let refusal = match account.as_ref() {
            None => Some(msg!(
                "没有证件号码为 {id_number} 的账号;请先用 meded account import 导入账号",
                "no account with the ID number {id_number}; import the account first (meded account import)"
            )),
            Some(a) if a.role != "resident" => Some(msg!(
                "证件号码 {id_number} 的账号不是住院医师账号;个人信息只属于住院医师",
                "the account {id_number} is not a resident's; profiles belong to residents"
            )),
            Some(a) if org.as_ref().is_some_and(|o| o.id != a.org_id) => {
                let (name, code) = (&a.org_name, &a.org_code);
                Some(msg!(
                    "此人属于 {name}({code}),不是本基地的住院医师",
                    "this person belongs to {name} ({code}), not to this base"
                ))
            }
            Some(_) => None,
        };
        if let Some(m) = refusal {
            refuse(&mut report, vec![(first_section, first_row, key_header, m)]);
            continue;
        }
        let account_id = account.as_ref().map_or(0, |a| a.id);
        let old = store::load(&tx, account_id)?;
        let was_empty = old.is_empty();
        if log_changes(&tx, &change, id_number, &old, p)? {
            store::save(&tx, account_id, p, change.id)?;
            // Personal information is part of what a base submitted: a
            // change sets its submitted records back to 未上报 (seed 004).
            crate::training::submission::reopen_person(&tx, &change, account_id, id_number)?;
            if was_empty {
                report.imported += 1;
            } else {
                report.updated += 1;
            }
        } else {
            report.skipped += 1;
        }
    }
    progress(total, total);
    report.written = report.imported + report.updated > 0;
    if report.written {
        tx.commit()?;
    }
    Ok(report)
}
