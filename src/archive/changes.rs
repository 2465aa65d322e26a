//! 变更详情: every change to a member's technical archive (or to a
//! resident's profile) as the values before and after, side by side, the
//! changed ones marked — on screen, as JSON, as PDF (the page of the
//! platform) or as an XLSX/CSV table.
//!
//! An archive change keeps the archive it was decided against, so each
//! shows exactly what it changed then. A profile keeps no versions: its
//! changes are rebuilt from the change log's field-level items, walking
//! back from the profile as it is stored now.

use std::collections::BTreeMap;
use std::path::Path;

use crate::db::sql::{Connection, params};
use serde::Serialize;

use super::fields::{LISTS, Section};
use super::model::{Archive, Values};
use super::pdf::{self, Cell, Form, Style};
use super::{ArchiveStatus, approved};
use crate::account::{find, find_member, no_account};
use crate::certificate::Font;
use crate::error::{Error, Result};
use crate::msg;
use crate::rules::text::identifier;
use crate::sheet::Cell as SheetCell;
use crate::sheet::write::TableWriter;

/// One field before and after.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldDiff {
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    pub changed: bool,
}

/// One row of a list before and after: a row that stayed, was added,
/// removed, or replaced by another.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowDiff {
    pub before: Option<Values>,
    pub after: Option<Values>,
    pub changed: bool,
}

/// One section of a change: fields side by side (个人基本信息, a profile's
/// tabs) or rows side by side (the archive's lists).
#[derive(Debug, Clone, Serialize)]
pub struct SectionDiff {
    pub section: String,
    pub changed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDiff>,
    /// For a list: its column names, and its rows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RowDiff>>,
    /// What is not known about the section (a profile tab deleted before
    /// its values were recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Who did something, when.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Event {
    pub at: String,
    pub by: String,
}

/// How a change was decided: approved, rejected (with the reason),
/// replaced by a later import; a profile returned to the resident.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Decided {
    pub at: String,
    pub by: String,
    pub reason: Option<String>,
}

/// One change.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeDetail {
    /// The archive change's number, or the change set's for a profile.
    pub id: i64,
    /// 待审核, 审核通过, 审核不通过, 已替代; for a profile, 退回修改 when the
    /// base returned it afterwards, else null.
    pub status: Option<&'static str>,
    pub submitted: Event,
    pub decided: Option<Decided>,
    pub sections: Vec<SectionDiff>,
}

impl ChangeDetail {
    /// How many values (or rows) the change altered.
    pub fn altered(&self) -> usize {
        self.sections
            .iter()
            .map(|s| {
                s.fields.iter().filter(|f| f.changed).count()
                    + s.rows.iter().flatten().filter(|r| r.changed).count()
            })
            .sum()
    }
}

/// Every change of one person's archive or profile, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Details {
    pub id_number: String,
    pub name: String,
    /// 技术档案 or 个人信息.
    pub subject: &'static str,
    pub changes: Vec<ChangeDetail>,
}

fn fields_diff(section: Section, before: Option<&Values>, after: Option<&Values>) -> SectionDiff {
    let get = |v: Option<&Values>, i: usize| v.and_then(|v| v.get(i).cloned().flatten());
    let fields: Vec<FieldDiff> = section
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (b, a) = (get(before, i), get(after, i));
            FieldDiff {
                field: f.label,
                changed: b != a,
                before: b,
                after: a,
            }
        })
        .collect();
    SectionDiff {
        section: section.label().to_owned(),
        changed: fields.iter().any(|f| f.changed),
        fields,
        columns: Vec::new(),
        rows: None,
        note: None,
    }
}

/// Pairs two versions of a list: rows in both stay (in the new order);
/// the others are paired in order as replaced, the rest added or removed.
pub fn pair_rows(before: &[Values], after: &[Values]) -> Vec<RowDiff> {
    let mut used = vec![false; before.len()];
    let mut out: Vec<RowDiff> = Vec::with_capacity(after.len().max(before.len()));
    let mut added = Vec::new();
    for a in after {
        match (0..before.len()).find(|&i| !used[i] && before[i] == *a) {
            Some(i) => {
                used[i] = true;
                out.push(RowDiff {
                    before: Some(before[i].clone()),
                    after: Some(a.clone()),
                    changed: false,
                });
            }
            None => {
                added.push(out.len());
                out.push(RowDiff {
                    before: None,
                    after: Some(a.clone()),
                    changed: true,
                });
            }
        }
    }
    let mut removed = before
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(b, _)| b.clone());
    for at in added {
        match removed.next() {
            Some(b) => out[at].before = Some(b),
            None => break,
        }
    }
    out.extend(removed.map(|b| RowDiff {
        before: Some(b),
        after: None,
        changed: true,
    }));
    out
}

/// Two versions of an archive, section by section.
pub fn diff(before: &Archive, after: &Archive) -> Vec<SectionDiff> {
    let mut out = vec![fields_diff(
        Section::Basic,
        before.basic.as_ref(),
        after.basic.as_ref(),
    )];
    for s in LISTS {
        let rows = pair_rows(before.list(s), after.list(s));
        out.push(SectionDiff {
            section: s.label().to_owned(),
            changed: rows.iter().any(|r| r.changed),
            fields: Vec::new(),
            columns: s.fields().iter().map(|f| f.label).collect(),
            rows: Some(rows),
            note: None,
        });
    }
    out
}

/// Every change to a member's archive, oldest first: pending, approved,
/// rejected and replaced ones; a usage error when the ID number names no
/// CME member.
pub fn of_archive(conn: &Connection, id_number: &str) -> Result<Details> {
    let id_number = identifier(id_number);
    let member = find_member(conn, &id_number)?.map_err(Error::Usage)?;
    let (current, _) = approved(conn, member.id)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.status, c.before, c.after, c.review_reason, s.at, {made_by}, d.at,
                {decided_by}, c.decided_change, c.created_change
         FROM archive_change c JOIN change_set s ON s.id = c.created_change
         LEFT JOIN change_set d ON d.id = c.decided_change
         WHERE c.account_id = ?1 ORDER BY c.id",
        made_by = crate::history::who_sql("s"),
        decided_by = crate::history::who_sql("d")
    ))?;
    type Row = (
        i64,
        ArchiveStatus,
        Option<String>,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        i64,
    );
    let rows = stmt.query_map(params![member.id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        ))
    })?;
    let mut changes = Vec::new();
    // The change sets that made and decided each change.
    let mut made_in: Vec<i64> = Vec::new();
    let mut decided_in: Vec<Option<i64>> = Vec::new();
    for row in rows {
        let (id, status, before, after, reason, at, by, d_at, d_by, decided_change, made): Row =
            row?;
        decided_in.push(decided_change);
        made_in.push(made);
        // A change not yet decided is shown against the archive as it is.
        let before = match before {
            Some(b) => Archive::from_json(&b),
            None => current.clone(),
        };
        let after = Archive::from_json(&after);
        changes.push(ChangeDetail {
            id,
            status: Some(status.label()),
            submitted: Event { at, by },
            decided: match (d_at, d_by) {
                (Some(at), Some(by)) => Some(Decided { at, by, reason }),
                _ => None,
            },
            sections: diff(&before, &after),
        });
    }
    account_changes(conn, &id_number, &mut changes, &made_in, &decided_in)?;
    Ok(Details {
        id_number,
        name: member.name,
        subject: "技术档案",
        changes,
    })
}

/// The section of 变更详情 that shows the member's title and standard
/// beside the archive's fields (the platform's form has 技术职称 and 学分标准
/// among them).
pub const ACCOUNT_SECTION: &str = "技术职称与学分标准";

/// The account's and the standards' changes of a member, from the change
/// log: 技术职称, 参加继教 and 学分达标遵照 as they changed on the account
/// (by an approved archive change or a roster), and the 学分标准 assigned or
/// followed. Each change set's items are one section: added to the archive
/// change its approval made, or a change of its own, in time order.
fn account_changes(
    conn: &Connection,
    id_number: &str,
    changes: &mut Vec<ChangeDetail>,
    made_in: &[i64],
    decided_in: &[Option<i64>],
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT i.change_id, i.field, i.before, i.after, i.note, s.at, {who}
         FROM change_item i JOIN change_set s ON s.id = i.change_id
         WHERE i.subject = ?1
           AND (i.entity = 'account' AND i.field IN ('技术职称', '参加继教', '学分达标遵照')
                OR i.entity = 'credit_standard' AND i.field = '学分标准')
         ORDER BY i.id",
        who = crate::history::who_sql("s")
    ))?;
    type Item = (
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        String,
    );
    let items: Vec<Item> = stmt
        .query_map([id_number], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    let mut own: Vec<ChangeDetail> = Vec::new();
    for (change_id, field, before, after, note, at, by) in items {
        // A standard's value names the years it is for.
        let (before, after) = if field == "学分标准" {
            let years = note.as_deref().and_then(|n| n.get(..4)).unwrap_or("");
            let tag = if note.as_deref().is_some_and(|n| n.contains("未分配")) {
                format!("({years} 年起未分配的年度)")
            } else {
                format!("({years} 年)")
            };
            (
                before.map(|b| format!("{b}{tag}")),
                after.map(|a| format!("{a}{tag}")),
            )
        } else {
            (before, after)
        };
        let diff = FieldDiff {
            field: match field.as_str() {
                "技术职称" => "技术职称",
                "参加继教" => "参加继教",
                "学分达标遵照" => "学分达标遵照",
                _ => "学分标准",
            },
            changed: before != after,
            before,
            after,
        };
        let target = match decided_in.iter().position(|d| *d == Some(change_id)) {
            Some(i) => &mut changes[i],
            None => {
                if own.last().is_none_or(|c| c.id != change_id) {
                    own.push(ChangeDetail {
                        id: change_id,
                        status: None,
                        submitted: Event { at, by },
                        decided: None,
                        sections: Vec::new(),
                    });
                }
                own.last_mut().expect("just pushed")
            }
        };
        match target
            .sections
            .iter_mut()
            .find(|s| s.section == ACCOUNT_SECTION)
        {
            Some(section) => {
                section.changed |= diff.changed;
                section.fields.push(diff);
            }
            None => target.sections.push(SectionDiff {
                section: ACCOUNT_SECTION.to_owned(),
                changed: diff.changed,
                fields: vec![diff],
                columns: Vec::new(),
                rows: None,
                note: None,
            }),
        }
    }
    if !own.is_empty() {
        // In the order of the change sets that made them.
        let mut all: Vec<(i64, ChangeDetail)> = made_in
            .iter()
            .copied()
            .zip(changes.drain(..))
            .chain(own.into_iter().map(|c| (c.id, c)))
            .collect();
        all.sort_by_key(|(made, _)| *made);
        changes.extend(all.into_iter().map(|(_, c)| c));
    }
    Ok(())
}

// ------------------------------------------------------------ profiles

/// A profile tab as the change log names it: `profile.基本信息`,
/// `profile.学习经历.本科`, `profile.工作信息.2`, `profile.证书信息`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TabKey {
    section: crate::profile::Section,
    /// The row of a tab of several, its rank and name: a level (学习经历),
    /// a job by its number (工作信息, 第2条).
    part: Option<(usize, String)>,
}

impl TabKey {
    fn parse(entity: &str) -> Option<TabKey> {
        use crate::profile::Section as P;
        let rest = entity.strip_prefix("profile.")?;
        let (tab, level) = match rest.split_once('.') {
            Some((t, l)) => (t, Some(l)),
            None => (rest, None),
        };
        let section = P::ALL.into_iter().find(|s| s.label() == tab)?;
        Some(TabKey {
            section,
            part: level.map(|l| match section {
                P::Work => TabKey::job(l.parse().unwrap_or(usize::MAX)),
                _ => (crate::profile::model::level_rank(l), l.to_owned()),
            }),
        })
    }

    /// The part of the job numbered `n`.
    fn job(n: usize) -> (usize, String) {
        (n, format!("第{n}条"))
    }

    fn label(&self) -> String {
        match &self.part {
            Some((_, l)) => format!("{}·{l}", self.section.label()),
            None => self.section.label().to_owned(),
        }
    }
}

/// A tab's values at some moment; `known` is false for a tab that was
/// deleted and whose values the log never held.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TabState {
    values: Vec<Option<String>>,
    known: bool,
}

type Snapshot = BTreeMap<TabKey, TabState>;

/// The profile as stored now, tab by tab.
fn current_profile(conn: &Connection, account_id: i64) -> Result<Snapshot> {
    use crate::profile::Section as P;
    let p = crate::profile::store::load(conn, account_id)?;
    let texts = |t: &crate::profile::model::Tab| {
        t.values
            .iter()
            .map(|v| v.text().map(str::to_owned))
            .collect()
    };
    let mut out = Snapshot::new();
    let known = |values| TabState {
        values,
        known: true,
    };
    if let Some(t) = &p.basic {
        out.insert(
            TabKey {
                section: P::Basic,
                part: None,
            },
            known(texts(t)),
        );
    }
    for e in &p.education {
        out.insert(
            TabKey {
                section: P::Education,
                part: Some((
                    crate::profile::model::level_rank(e.level),
                    e.level.to_owned(),
                )),
            },
            known(texts(&e.tab)),
        );
    }
    for (n, t) in p.work.iter().enumerate() {
        out.insert(
            TabKey {
                section: P::Work,
                part: Some(TabKey::job(n + 1)),
            },
            known(texts(t)),
        );
    }
    if let Some(t) = &p.certificate {
        out.insert(
            TabKey {
                section: P::Certificate,
                part: None,
            },
            known(texts(t)),
        );
    }
    Ok(out)
}

/// One item of the change log about a profile.
struct LogItem {
    change: i64,
    entity: String,
    action: String,
    field: Option<String>,
    before: Option<String>,
    note: Option<String>,
    at: String,
    by: String,
}

/// Every change to a resident's profile, oldest first, each as the
/// profile before and after it; a usage error when the ID number has no
/// account. A return to the resident (退回修改) is shown as the decision
/// on the change it followed.
pub fn of_profile(conn: &Connection, id_number: &str) -> Result<Details> {
    let id_number = identifier(id_number);
    let Some(account) = find(conn, &id_number)? else {
        return Err(no_account(&id_number));
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT i.change_id, i.entity, i.action, i.field, i.before, i.note, s.at, {who}
         FROM change_item i JOIN change_set s ON s.id = i.change_id
         WHERE i.subject = ?1 AND (i.entity = 'profile' OR i.entity LIKE 'profile.%')
         ORDER BY i.id",
        who = crate::history::who_sql("s")
    ))?;
    let items: Vec<LogItem> = stmt
        .query_map([&id_number], |r| {
            Ok(LogItem {
                change: r.get(0)?,
                entity: r.get(1)?,
                action: r.get(2)?,
                field: r.get(3)?,
                before: r.get(4)?,
                note: r.get(5)?,
                at: r.get(6)?,
                by: r.get(7)?,
            })
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    // Change sets in order; returns apart.
    let mut groups: Vec<Vec<&LogItem>> = Vec::new();
    let mut returns: Vec<(usize, &LogItem)> = Vec::new();
    for item in &items {
        if item.entity == "profile" && item.action == "return" {
            returns.push((groups.len(), item));
            continue;
        }
        match groups.last_mut() {
            Some(g) if g[0].change == item.change => g.push(item),
            _ => groups.push(vec![item]),
        }
    }
    let mut state = current_profile(conn, account.id)?;
    let mut out: Vec<ChangeDetail> = Vec::with_capacity(groups.len());
    for (n, group) in groups.iter().enumerate().rev() {
        let after = state.clone();
        for item in group.iter().rev() {
            undo(&mut state, item);
        }
        let before = state.clone();
        // The last return before the next change answers this one.
        let decided = returns
            .iter()
            .rfind(|(g, _)| *g == n + 1)
            .map(|(_, r)| Decided {
                at: r.at.clone(),
                by: r.by.clone(),
                reason: r.note.clone(),
            });
        out.push(ChangeDetail {
            id: group[0].change,
            status: decided.as_ref().map(|_| "退回修改"),
            submitted: Event {
                at: group[0].at.clone(),
                by: group[0].by.clone(),
            },
            decided,
            sections: profile_diff(&before, &after),
        });
    }
    out.reverse();
    Ok(Details {
        id_number,
        name: account.name,
        subject: "个人信息",
        changes: out,
    })
}

/// Takes one logged item back: the snapshot becomes what it was before it.
fn undo(state: &mut Snapshot, item: &LogItem) {
    if item.entity == "profile" {
        if item.action == "create" {
            state.clear();
        }
        return;
    }
    let Some(key) = TabKey::parse(&item.entity) else {
        return;
    };
    let n = key.section.fields().len();
    match item.action.as_str() {
        "create" => {
            state.remove(&key);
        }
        "delete" => {
            // A job's values are logged after its deletion (and so taken
            // back before it): then the tab is known.
            state.entry(key).or_insert(TabState {
                values: vec![None; n],
                known: false,
            });
        }
        _ => {
            let Some(i) = item
                .field
                .as_deref()
                .and_then(|f| key.section.fields().iter().position(|x| x.label == f))
            else {
                return;
            };
            let tab = state.entry(key).or_insert_with(|| TabState {
                values: vec![None; n],
                known: true,
            });
            tab.values[i] = item.before.clone();
        }
    }
}

fn profile_diff(before: &Snapshot, after: &Snapshot) -> Vec<SectionDiff> {
    let mut keys: Vec<&TabKey> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|k| {
            let (b, a) = (before.get(k), after.get(k));
            let fields: Vec<FieldDiff> = k
                .section
                .fields()
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let bv = b.and_then(|t| t.values[i].clone());
                    let av = a.and_then(|t| t.values[i].clone());
                    FieldDiff {
                        field: f.label,
                        changed: bv != av || b.is_some() != a.is_some(),
                        before: bv,
                        after: av,
                    }
                })
                .collect();
            let unknown = b.is_some_and(|t| !t.known) || a.is_some_and(|t| !t.known);
            SectionDiff {
                section: k.label(),
                changed: b != a,
                fields,
                columns: Vec::new(),
                rows: None,
                note: unknown.then(|| "删除前的内容未记录".to_owned()),
            }
        })
        .collect()
}

// ------------------------------------------------------------ output

/// The header of the XLSX/CSV form of 变更详情.
pub const TABLE_HEADER: [&str; 12] = [
    "变更编号",
    "状态",
    "提交时间",
    "提交人",
    "审核时间",
    "审核人",
    "审核意见",
    "部分",
    "项目",
    "修改前",
    "修改后",
    "已变更",
];

/// A list row as one line: its filled values, joined.
pub fn row_text(v: &Option<Values>) -> String {
    v.as_ref()
        .map(|v| v.iter().flatten().cloned().collect::<Vec<_>>().join(" / "))
        .unwrap_or_default()
}

/// 变更详情 as a table, one line per field (or list row) of every change,
/// changed ones marked 是.
pub fn table_rows(d: &Details) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for c in &d.changes {
        let head =
            |out: &mut Vec<Vec<String>>, section: &str, field: String, b, a, changed: bool| {
                let (dat, dby, reason) = match &c.decided {
                    Some(x) => (
                        x.at.clone(),
                        x.by.clone(),
                        x.reason.clone().unwrap_or_default(),
                    ),
                    None => Default::default(),
                };
                out.push(vec![
                    c.id.to_string(),
                    c.status.unwrap_or("").to_owned(),
                    c.submitted.at.clone(),
                    c.submitted.by.clone(),
                    dat,
                    dby,
                    reason,
                    section.to_owned(),
                    field,
                    b,
                    a,
                    if changed { "是" } else { "" }.to_owned(),
                ]);
            };
        for s in &c.sections {
            for f in &s.fields {
                head(
                    &mut out,
                    &s.section,
                    f.field.to_owned(),
                    f.before.clone().unwrap_or_default(),
                    f.after.clone().unwrap_or_default(),
                    f.changed,
                );
            }
            for (i, r) in s.rows.iter().flatten().enumerate() {
                head(
                    &mut out,
                    &s.section,
                    format!("第 {} 行", i + 1),
                    row_text(&r.before),
                    row_text(&r.after),
                    r.changed,
                );
            }
        }
    }
    out
}

/// Writes 变更详情 to an .xlsx or .csv file (whole or not at all).
pub fn write_table(d: &Details, path: &Path) -> Result<()> {
    let mut w = TableWriter::create(path, "变更详情", &TABLE_HEADER)?;
    for row in table_rows(d) {
        let cells: Vec<SheetCell> = row.into_iter().map(SheetCell::Text).collect();
        w.write_row(&cells)?;
    }
    w.finish()
}

/// Refuses, before any work, a file that 变更详情 cannot be written to.
pub fn check_path(path: &Path) -> Result<()> {
    match extension(path).as_deref() {
        Some("pdf") => Ok(()),
        _ => crate::sheet::write::OutFormat::for_path(path)
            .map(drop)
            .map_err(|_| {
                let p = path.display();
                Error::Usage(msg!(
                    "变更详情文件 {p} 应以 .pdf、.xlsx 或 .csv 结尾",
                    "the change details file {p} must end in .pdf, .xlsx or .csv"
                ))
            }),
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Writes 变更详情 to a PDF (in `font`, dated `date`), XLSX or CSV file,
/// whole or not at all.
pub fn write(d: &Details, path: &Path, font: &Font, date: chrono::NaiveDate) -> Result<()> {
    check_path(path)?;
    if extension(path).as_deref() != Some("pdf") {
        return write_table(d, path);
    }
    let bytes = render(d, font, date)?;
    let mut file = crate::fsutil::AtomicFile::create(path)?;
    std::io::Write::write_all(file.file(), &bytes).map_err(|e| Error::io(path, e))?;
    file.commit()
}

/// Landscape A4.
const PAGE: (f32, f32) = (pdf::A4.1, pdf::A4.0);
const MARGIN: f32 = 36.0;
const SIZE: f32 = 8.5;
const LABEL_W: f32 = 62.0;

/// 变更详情 as PDF, as the platform shows it: for each change (one page or more), a
/// line saying who changed what when and how it was decided, then each
/// section before and after side by side, the changed values shaded.
pub fn render(d: &Details, font: &Font, date: chrono::NaiveDate) -> Result<Vec<u8>> {
    let mut texts: Vec<String> = vec![
        "变更详情 修改前 修改后 提交 审核 意见 未记录 无 第 0123456789 页,共 页 #:()·".to_owned(),
        d.name.clone(),
        d.subject.to_owned(),
    ];
    for r in table_rows(d) {
        texts.extend(r);
    }
    let missing = pdf::missing(font, texts.iter().map(String::as_str));
    if !missing.is_empty() {
        let (name, id) = (&d.name, &d.id_number);
        let what = msg!(
            "{name}({id})的变更详情",
            "the change details of {name} ({id})"
        );
        return Err(pdf::refuse_glyphs(&what, font, &missing));
    }
    let mut form = Form::new(font, PAGE, MARGIN, SIZE);
    let x0 = form.margin_x;
    let w = form.content_width();
    let half = w / 2.0 - 4.0;
    let right = x0 + w - half;
    if d.changes.is_empty() {
        form.line("变更详情", 16.0, true, true);
        form.line(
            &format!("{}({}) {}", d.name, d.id_number, d.subject),
            10.0,
            true,
            false,
        );
        form.line("无", 10.0, true, false);
    }
    for (k, c) in d.changes.iter().enumerate() {
        if k > 0 {
            form.new_page();
        }
        form.line("变更详情", 16.0, true, true);
        let mut head = format!(
            "{}({}) {} · 变更 #{} · 提交 {} {}",
            d.name, d.id_number, d.subject, c.id, c.submitted.at, c.submitted.by
        );
        if let Some(s) = c.status {
            head.push_str(&format!(" · {s}"));
        }
        if let Some(x) = &c.decided {
            head.push_str(&format!(" · {} {}", x.at, x.by));
            if let Some(r) = &x.reason {
                head.push_str(&format!(" · 意见:{r}"));
            }
        }
        form.line(&head, 9.0, true, false);
        form.y += 4.0;
        for s in &c.sections {
            if s.rows.as_ref().is_some_and(Vec::is_empty) {
                continue; // a list empty before and after says nothing
            }
            let titles = form.lay(vec![
                Cell::new(x0, half, format!("{}修改前", s.section), Style::Heading),
                Cell::new(right, half, format!("{}修改后", s.section), Style::Heading),
            ]);
            let mut rows = Vec::new();
            if let Some(note) = &s.note {
                rows.push(form.lay(vec![
                    Cell::new(x0, half, note.clone(), Style::Centre),
                    Cell::new(right, half, "", Style::Centre),
                ]));
            }
            // Fields two to a line on each side, as the platform shows them.
            for pair in s.fields.chunks(2) {
                let mut cells = Vec::with_capacity(8);
                for (side_x, before) in [(x0, true), (right, false)] {
                    let value_w = half / 2.0 - LABEL_W;
                    for (j, f) in pair.iter().enumerate() {
                        let x = side_x + j as f32 * half / 2.0;
                        let v = if before { &f.before } else { &f.after };
                        let style = if f.changed {
                            Style::Changed
                        } else {
                            Style::Value
                        };
                        cells.push(Cell::new(x, LABEL_W, f.field, Style::Label));
                        cells.push(Cell::new(
                            x + LABEL_W,
                            value_w,
                            v.clone().unwrap_or_default(),
                            style,
                        ));
                    }
                    if pair.len() == 1 {
                        cells.push(Cell::new(side_x + half / 2.0, half / 2.0, "", Style::Value));
                    }
                }
                rows.push(form.lay(cells));
            }
            if let Some(list) = &s.rows {
                for r in list {
                    let style = if r.changed {
                        Style::Changed
                    } else {
                        Style::Value
                    };
                    rows.push(form.lay(vec![
                        Cell::new(x0, half, row_text(&r.before), style),
                        Cell::new(right, half, row_text(&r.after), style),
                    ]));
                }
            }
            let first = rows.first().map_or(0.0, |r| r.height);
            if form.room() < titles.height + first && !form.at_top() {
                form.new_page();
            }
            form.draw(&titles);
            for row in &rows {
                if form.room() < row.height && !form.at_top() {
                    form.new_page();
                    form.draw(&titles);
                }
                form.draw(row);
            }
            form.y += 6.0;
        }
    }
    let title = format!("变更详情 {} {}", d.name, d.subject);
    let id = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        ("changes", &d.id_number, d.subject, d.changes.len(), date).hash(&mut h);
        format!("{:016x}{:016x}", h.finish(), h.finish().rotate_left(17))
    };
    form.finish(&title, pdf::stamp(date), &id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(s: &str) -> Values {
        vec![Some(s.to_owned())]
    }

    #[test]
    fn rows_pair_as_kept_replaced_added_and_removed() {
        let b = [row("a"), row("b"), row("c")];
        let a = [row("a"), row("x"), row("c"), row("y")];
        let p = pair_rows(&b, &a);
        let shown: Vec<(String, String, bool)> = p
            .iter()
            .map(|r| (row_text(&r.before), row_text(&r.after), r.changed))
            .collect();
        assert_eq!(
            shown,
            [
                ("a".into(), "a".into(), false),
                ("b".into(), "x".into(), true),
                ("c".into(), "c".into(), false),
                ("".into(), "y".into(), true),
            ]
        );
        let gone = pair_rows(&[row("a"), row("b")], &[row("b")]);
        assert_eq!(gone.len(), 2);
        assert!(gone[1].changed && gone[1].after.is_none());
    }
}
