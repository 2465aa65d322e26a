//! Profiles in the database: writing one person's profile, reading it
//! back, and reading many in account order for validation.

use std::sync::LazyLock;

use crate::db::sql::ValueRef;
use crate::db::sql::{Connection, Row, ToSql, params};
use crate::db::staging::{Kind, Rows, Staging};

use super::fields::Section;
use super::model::{AccountFacts, Education, Profile, Tab, Value, level_rank};
use crate::account::Role;
use crate::error::Result;
use crate::rules::codes::EDUCATION_LEVEL;

fn columns(section: Section) -> String {
    let cols: Vec<&str> = section.fields().iter().map(|f| f.column).collect();
    cols.join(", ")
}

/// What an insert of a tab that finds the account's row sets instead.
fn upserts(section: Section) -> String {
    let updates: Vec<String> = section
        .fields()
        .iter()
        .map(|f| format!("{0} = excluded.{0}", f.column))
        .collect();
    format!(
        "ON CONFLICT (account_id) DO UPDATE SET {}, raw = excluded.raw{}",
        updates.join(", "),
        if section == Section::Basic {
            ", updated_change = excluded.updated_change"
        } else {
            ""
        }
    )
}

/// The typed values a tab could not recognise, as the `raw` column keeps them.
fn raw_json(section: Section, tab: &Tab) -> Option<String> {
    let mut map = serde_json::Map::new();
    for (f, v) in section.fields().iter().zip(&tab.values) {
        if let Value::Raw(s) = v {
            map.insert(f.label.to_owned(), serde_json::Value::String(s.clone()));
        }
    }
    (!map.is_empty()).then(|| serde_json::Value::Object(map).to_string())
}

/// Profiles gathered to be saved together (a profile import's batch):
/// each tab's rows are staged, and one statement per table then replaces
/// what the people had.
#[derive(Debug, Default)]
pub struct Staged {
    /// account_id, whether 基本信息 and 证书信息 are there.
    saved: Rows,
    basic: Rows,
    education: Rows,
    work: Rows,
    certificate: Rows,
}

/// The staging table of the accounts whose profiles a [`Staged`] saved
/// last: `account_id`, and whether their 基本信息 and 证书信息 are there
/// (1 or 0).
pub static SAVED: Staging = Staging::new(
    "profile_saved_stage",
    &[
        ("account_id", Kind::Int),
        ("basic", Kind::Int),
        ("certificate", Kind::Int),
    ],
);

/// The staging table of a tab: the account, the key a tab's rows have
/// beside it (a 学习经历 row's level, a job's number), the tab's fields
/// and `raw`.
fn stage_of(section: Section) -> &'static Staging {
    static STAGES: LazyLock<Vec<Staging>> = LazyLock::new(|| {
        Section::ALL
            .into_iter()
            .map(|section| {
                let mut columns = vec![("account_id", Kind::Int)];
                columns.extend(key_column(section));
                columns.extend(section.fields().iter().map(|f| (f.column, Kind::Text)));
                columns.push(("raw", Kind::Text));
                let name: &'static str = format!("{}_stage", section.table()).leak();
                Staging::new(name, columns.leak())
            })
            .collect()
    });
    let at = Section::ALL.iter().position(|s| *s == section).unwrap_or(0);
    &STAGES[at]
}

/// The key a tab's rows have beside the account: a 学习经历 row's level,
/// a job's number.
fn key_column(section: Section) -> Option<(&'static str, Kind)> {
    match section {
        Section::Education => Some(("level", Kind::Text)),
        Section::Work => Some(("seq", Kind::Int)),
        Section::Basic | Section::Certificate => None,
    }
}

impl Staged {
    /// Adds the profile of an account, to be saved by [`Staged::save`].
    pub fn add(&mut self, account_id: i64, p: &Profile) {
        /// The key beside the account: a 学习经历 row's level, a job's number.
        enum Key<'a> {
            None,
            Level(&'a str),
            Seq(i64),
        }
        fn tab(rows: &mut Rows, section: Section, account_id: i64, key: Key<'_>, t: &Tab) {
            rows.int(Some(account_id));
            match key {
                Key::None => {}
                Key::Level(level) => {
                    rows.text(Some(level));
                }
                Key::Seq(seq) => {
                    rows.int(Some(seq));
                }
            }
            for v in &t.values {
                rows.text(v.ok());
            }
            rows.text(raw_json(section, t).as_deref());
            rows.end_row();
        }
        self.saved
            .int(Some(account_id))
            .flag(p.basic.is_some())
            .flag(p.certificate.is_some());
        self.saved.end_row();
        if let Some(t) = &p.basic {
            tab(&mut self.basic, Section::Basic, account_id, Key::None, t);
        }
        for e in &p.education {
            tab(
                &mut self.education,
                Section::Education,
                account_id,
                Key::Level(e.level),
                &e.tab,
            );
        }
        for (n, t) in p.work.iter().enumerate() {
            let seq = Key::Seq(n as i64 + 1);
            tab(&mut self.work, Section::Work, account_id, seq, t);
        }
        if let Some(t) = &p.certificate {
            tab(
                &mut self.certificate,
                Section::Certificate,
                account_id,
                Key::None,
                t,
            );
        }
    }

    pub fn is_empty(&self) -> bool {
        self.saved.is_empty()
    }

    /// How many profiles are added and not saved yet.
    pub fn len(&self) -> usize {
        self.saved.len()
    }

    /// Replaces the stored profiles of the accounts added with theirs,
    /// and starts afresh; the accounts stay in the table [`SAVED`] until
    /// the next call.
    pub fn save(&mut self, conn: &Connection, change_id: i64) -> Result<()> {
        self.stage(conn)?;
        self.write(conn, change_id)
    }

    /// The first half of [`Staged::save`]: the profiles added staged, the
    /// accounts in [`SAVED`]; nothing stored changes yet (a caller may act
    /// on the accounts first).
    pub fn stage(&mut self, conn: &Connection) -> Result<()> {
        SAVED.fill(conn, &self.saved)?;
        for (section, rows) in [
            (Section::Basic, &self.basic),
            (Section::Education, &self.education),
            (Section::Work, &self.work),
            (Section::Certificate, &self.certificate),
        ] {
            stage_of(section).fill(conn, rows)?;
        }
        Ok(())
    }

    /// The second half of [`Staged::save`]: the staged profiles stored,
    /// and the rows emptied for the next batch.
    pub fn write(&mut self, conn: &Connection, change_id: i64) -> Result<()> {
        let saved = SAVED.name();
        // What the people had and no longer have; all their 学习经历 and
        // 工作信息, which are written afresh.
        conn.execute_batch(&format!(
            "DELETE FROM profile_basic
                 WHERE account_id IN (SELECT account_id FROM {saved} WHERE basic = 0);
             DELETE FROM profile_education
                 WHERE account_id IN (SELECT account_id FROM {saved});
             DELETE FROM profile_work
                 WHERE account_id IN (SELECT account_id FROM {saved});
             DELETE FROM profile_certificate
                 WHERE account_id IN (SELECT account_id FROM {saved} WHERE certificate = 0);"
        ))?;
        // `WHERE true`: an upsert after a SELECT needs a WHERE clause to
        // be read as one on SQLite.
        if !self.basic.is_empty() {
            conn.prepare_cached(&format!(
                "INSERT INTO profile_basic (account_id, {0}, raw, created_change, updated_change)
                 SELECT account_id, {0}, raw, ?1, ?1 FROM {1} WHERE true {2}",
                columns(Section::Basic),
                stage_of(Section::Basic).name(),
                upserts(Section::Basic)
            ))?
            .execute([change_id])?;
        }
        if !self.education.is_empty() {
            conn.execute_batch(&format!(
                "INSERT INTO profile_education (account_id, level, {0}, raw)
                 SELECT account_id, level, {0}, raw FROM {1}",
                columns(Section::Education),
                stage_of(Section::Education).name()
            ))?;
        }
        if !self.work.is_empty() {
            conn.execute_batch(&format!(
                "INSERT INTO profile_work (account_id, seq, {0}, raw)
                 SELECT account_id, seq, {0}, raw FROM {1}",
                columns(Section::Work),
                stage_of(Section::Work).name()
            ))?;
        }
        if !self.certificate.is_empty() {
            conn.execute_batch(&format!(
                "INSERT INTO profile_certificate (account_id, {0}, raw)
                 SELECT account_id, {0}, raw FROM {1} WHERE true {2}",
                columns(Section::Certificate),
                stage_of(Section::Certificate).name(),
                upserts(Section::Certificate)
            ))?;
        }
        self.saved.clear();
        self.basic.clear();
        self.education.clear();
        self.work.clear();
        self.certificate.clear();
        Ok(())
    }
}

/// Sets `text` into a value, reusing its string's allocation: validation
/// reads hundreds of thousands of rows, and allocating afresh for every
/// value was a quarter of its time.
fn set_text(v: &mut Value, text: &[u8]) {
    let text = match std::str::from_utf8(text) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(text),
    };
    match v {
        Value::Ok(s) => {
            s.clear();
            s.push_str(&text);
        }
        _ => *v = Value::Ok(text.into_owned()),
    }
}

/// Reads a tab's values from a row whose columns start at `first`, with
/// the `raw` column right after them, into `tab` (reusing its strings).
fn read_tab_into(
    section: Section,
    row: &Row<'_>,
    first: usize,
    tab: &mut Tab,
) -> crate::db::sql::Result<()> {
    let n = section.fields().len();
    tab.values.resize(n, Value::Blank);
    tab.row = None;
    for (k, i) in (first..first + n).enumerate() {
        let v = &mut tab.values[k];
        match row.get_ref(i)? {
            ValueRef::Text(t) => set_text(v, t.as_bytes()),
            ValueRef::Integer(i) => set_text(v, i.to_string().as_bytes()),
            _ => *v = Value::Blank,
        }
    }
    if let ValueRef::Text(raw) = row.get_ref(first + n)?
        && let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(raw.as_bytes())
    {
        for (f, v) in section.fields().iter().zip(tab.values.iter_mut()) {
            if let Some(serde_json::Value::String(s)) = map.get(f.label) {
                *v = Value::Raw(s.clone());
            }
        }
    }
    Ok(())
}

fn stored_level(s: &str) -> &'static str {
    EDUCATION_LEVEL
        .values
        .iter()
        .copied()
        .find(|v| *v == s)
        .unwrap_or("本科")
}

/// Which residents (or applicants) to read.
#[derive(Debug, Clone, Copy)]
pub struct Filter {
    /// Residents, or applicants of recruitment (招录), whose profile is the
    /// same.
    pub role: Role,
    /// The organisation's row id.
    pub org_id: Option<i64>,
    /// Recruitment year (招收年份) of a training record (at `org_id` if given).
    pub year: Option<i32>,
    /// Only accounts whose row id lies in this range (inclusive), so that
    /// several threads can each read a part.
    pub ids: (i64, i64),
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            role: Role::Resident,
            org_id: None,
            year: None,
            ids: (i64::MIN, i64::MAX),
        }
    }
}

/// The accounts a read selects: ?1 the organisation, ?2 the recruitment
/// year, ?3 one account, ?4–?5 a range of ids, ?6 the role (any when NULL).
const ACCOUNTS: &str = "(?6 IS NULL OR a.role = ?6) AND (?1 IS NULL OR a.org_id = ?1)
     AND (?2 IS NULL OR EXISTS (SELECT 1 FROM training t WHERE t.account_id = a.id
                                AND t.recruit_year = ?2 AND (?1 IS NULL OR t.org_id = ?1)))
     AND (?3 IS NULL OR a.id = ?3)
     AND a.id >= ?4 AND a.id <= ?5";

/// How many residents `filter` selects.
pub fn count(conn: &Connection, filter: Filter) -> Result<u64> {
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM account a WHERE {ACCOUNTS}"),
        params![
            filter.org_id,
            filter.year,
            None::<i64>,
            filter.ids.0,
            filter.ids.1,
            filter.role.key()
        ],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// The smallest and largest account row ids (for splitting the work).
pub fn id_range(conn: &Connection) -> Result<Option<(i64, i64)>> {
    Ok(
        conn.query_row("SELECT min(id), max(id) FROM account", [], |r| {
            Ok(
                match (r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?) {
                    (Some(a), Some(b)) => Some((a, b)),
                    _ => None,
                },
            )
        })?,
    )
}

/// The stored profile of one account (empty tabs when none was imported).
pub fn load(conn: &Connection, account_id: i64) -> Result<Profile> {
    let mut out = None;
    read(conn, Some(account_id), Filter::default(), 1, &mut |batch| {
        out = batch.first().cloned();
        Ok(())
    })?;
    Ok(out.unwrap_or_default())
}

/// Reads the profiles of the residents `filter` selects, in account order,
/// and hands them to `f` in batches of `batch`. Four ordered scans (one
/// per tab) are merged by account, so the cost is a pass over each table.
pub fn stream(
    conn: &Connection,
    filter: Filter,
    batch: usize,
    f: &mut dyn FnMut(&[Profile]) -> Result<()>,
) -> Result<()> {
    read(conn, None, filter, batch, f)
}

/// The stored profiles of the accounts of the ID numbers in the
/// `id_number` column of the temporary table `staged`, by ID number: what
/// [`load`] reads of each, for a batch of a bulk import on a server. An
/// account without a profile is there with empty tabs.
pub fn load_staged(
    conn: &Connection,
    staged: &str,
) -> Result<std::collections::HashMap<String, Profile>> {
    let mut out = std::collections::HashMap::new();
    let which = format!("a.id_number IN (SELECT id_number FROM {staged})");
    read_where(conn, &which, "", &[], false, 1024, &mut |batch| {
        out.extend(batch.iter().map(|p| (p.id_number.clone(), p.clone())));
        Ok(())
    })?;
    Ok(out)
}

fn read(
    conn: &Connection,
    one: Option<i64>,
    filter: Filter,
    batch: usize,
    f: &mut dyn FnMut(&[Profile]) -> Result<()>,
) -> Result<()> {
    // One account is read whatever its role (an applicant's profile too).
    let role = one.is_none().then(|| filter.role.key());
    let args = params![
        filter.org_id,
        filter.year,
        one,
        filter.ids.0,
        filter.ids.1,
        role
    ];
    read_where(
        conn,
        ACCOUNTS,
        "account_id >= ?4 AND account_id <= ?5 AND",
        args,
        true,
        batch,
        f,
    )
}

/// Reads the profiles of the accounts `a` that `which` selects, with
/// `args`; `range` narrows the scans of the other tabs first. With
/// `cached`, the statements are kept prepared; without, they are planned
/// afresh (a bulk import's batches: a server plans a kept statement once,
/// when the tables this import fills may still have been empty, and a
/// plan fit for empty tables reads them whole for every batch later).
fn read_where(
    conn: &Connection,
    which: &str,
    range: &str,
    args: &[&dyn ToSql],
    cached: bool,
    batch: usize,
    f: &mut dyn FnMut(&[Profile]) -> Result<()>,
) -> Result<()> {
    let prepare = |sql: &str| {
        if cached {
            conn.prepare_cached(sql)
        } else {
            conn.prepare(sql)
        }
    };
    let mut accounts = prepare(&format!(
        "SELECT a.id, a.id_number, a.name, a.id_type, b.account_id, {}, b.raw
         FROM account a LEFT JOIN profile_basic b ON b.account_id = a.id
         WHERE {which} ORDER BY a.id",
        Section::Basic
            .fields()
            .iter()
            .map(|f| format!("b.{}", f.column))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let mut education = prepare(&format!(
        "SELECT e.account_id, e.level, {}, e.raw FROM profile_education e
         WHERE {range} e.account_id IN (SELECT a.id FROM account a WHERE {which})
         ORDER BY e.account_id",
        columns(Section::Education)
    ))?;
    let mut work = prepare(&format!(
        "SELECT w.account_id, {}, w.raw FROM profile_work w
         WHERE {range} w.account_id IN (SELECT a.id FROM account a WHERE {which})
         ORDER BY w.account_id, w.seq",
        columns(Section::Work)
    ))?;
    let mut certificate = prepare(&format!(
        "SELECT c.account_id, {}, c.raw FROM profile_certificate c
         WHERE {range} c.account_id IN (SELECT a.id FROM account a WHERE {which})
         ORDER BY c.account_id",
        columns(Section::Certificate)
    ))?;
    // Statements with fewer parameters ignore the rest: bind by what each uses.
    let (na, ne, nw, nc) = (
        accounts.parameter_count(),
        education.parameter_count(),
        work.parameter_count(),
        certificate.parameter_count(),
    );
    let mut acc_rows = accounts.query(&args[..na])?;
    let mut edu_rows = education.query(&args[..ne])?;
    let mut work_rows = work.query(&args[..nw])?;
    let mut cert_rows = certificate.query(&args[..nc])?;
    // The next education and certificate rows, read one ahead for the merge.
    let mut next_edu: Option<(i64, Education)> = None;
    let mut edu_done = false;
    let mut next_job: Option<(i64, Tab)> = None;
    let mut work_done = false;
    let mut next_cert: Option<(i64, Tab)> = None;
    let mut cert_done = false;
    // The batch handed to `f`, reused with its strings; and tabs to reuse.
    let mut out: Vec<Profile> = Vec::with_capacity(batch);
    let mut len = 0;
    let mut spare_edu: Vec<Education> = Vec::new();
    let mut spare_tabs: Vec<Tab> = Vec::new();
    while let Some(r) = acc_rows.next()? {
        let id: i64 = r.get(0)?;
        if len == out.len() {
            out.push(Profile::default());
        }
        let p = &mut out[len];
        len += 1;
        let text = |i: usize, into: &mut String| -> crate::db::sql::Result<()> {
            into.clear();
            if let ValueRef::Text(t) = r.get_ref(i)? {
                into.push_str(t);
            }
            Ok(())
        };
        text(1, &mut p.id_number)?;
        let account = p.account.get_or_insert_with(|| AccountFacts {
            name: String::new(),
            id_type: String::new(),
        });
        text(2, &mut account.name)?;
        text(3, &mut account.id_type)?;
        p.other_name = None;
        if r.get_ref(4)? == ValueRef::Null {
            if let Some(t) = p.basic.take() {
                spare_tabs.push(t);
            }
        } else {
            let tab = p
                .basic
                .get_or_insert_with(|| spare_tabs.pop().unwrap_or_default());
            read_tab_into(Section::Basic, &r, 5, tab)?;
        }
        spare_edu.append(&mut p.education);
        loop {
            if next_edu.is_none() && !edu_done {
                match edu_rows.next()? {
                    Some(e) => {
                        let level: String = e.get(1)?;
                        let mut edu = spare_edu.pop().unwrap_or_else(|| Education {
                            level: "本科",
                            tab: Tab::default(),
                        });
                        edu.level = stored_level(&level);
                        read_tab_into(Section::Education, &e, 2, &mut edu.tab)?;
                        next_edu = Some((e.get(0)?, edu));
                    }
                    None => edu_done = true,
                }
            }
            match next_edu.take() {
                Some((eid, e)) if eid == id => p.education.push(e),
                Some((eid, e)) if eid < id => spare_edu.push(e),
                other => {
                    next_edu = other;
                    break;
                }
            }
        }
        p.education.sort_by_key(|e| level_rank(e.level));
        spare_tabs.append(&mut p.work);
        loop {
            if next_job.is_none() && !work_done {
                match work_rows.next()? {
                    Some(w) => {
                        let mut tab = spare_tabs.pop().unwrap_or_default();
                        read_tab_into(Section::Work, &w, 1, &mut tab)?;
                        next_job = Some((w.get(0)?, tab));
                    }
                    None => work_done = true,
                }
            }
            match next_job.take() {
                Some((wid, w)) if wid == id => p.work.push(w),
                Some((wid, w)) if wid < id => spare_tabs.push(w),
                other => {
                    next_job = other;
                    break;
                }
            }
        }
        if let Some(t) = p.certificate.take() {
            spare_tabs.push(t);
        }
        loop {
            if next_cert.is_none() && !cert_done {
                match cert_rows.next()? {
                    Some(c) => {
                        let mut tab = spare_tabs.pop().unwrap_or_default();
                        read_tab_into(Section::Certificate, &c, 1, &mut tab)?;
                        next_cert = Some((c.get(0)?, tab));
                    }
                    None => cert_done = true,
                }
            }
            match next_cert.take() {
                Some((cid, c)) if cid == id => p.certificate = Some(c),
                Some((cid, c)) if cid < id => spare_tabs.push(c),
                other => {
                    next_cert = other;
                    break;
                }
            }
        }
        if len >= batch {
            f(&out[..len])?;
            len = 0;
        }
    }
    if len > 0 {
        f(&out[..len])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Change, Who};
    use crate::profile::fields::*;
    use crate::profile::validate::{self, Options};

    /// A varied profile: tabs present or not, one to three levels, none to
    /// two jobs, some values typed but not recognised.
    fn profile(i: u64, id: &str) -> Profile {
        let ok = |s: &str| Value::Ok(s.to_owned());
        let mut basic = Tab::blank(Section::Basic);
        basic.values[B_NAME] = ok(&format!("学员{i}"));
        basic.values[B_SEX] = ok(if i.is_multiple_of(2) { "男" } else { "女" });
        basic.values[B_ETHNICITY] = if i.is_multiple_of(7) {
            Value::Raw(format!("火星{i}族"))
        } else {
            ok("汉族")
        };
        if i.is_multiple_of(3) {
            basic.values[B_QQ] = ok("12345678");
        }
        let levels = ["本科", "硕士", "博士"];
        let education = (0..(i % 4) as usize)
            .map(|k| {
                let mut t = Tab::blank(Section::Education);
                t.values[E_IN_STUDY] = ok(if k == 0 { "否" } else { "是" });
                t.values[E_MAJOR] = ok(&format!("专业{i}-{k}"));
                if (i + k as u64).is_multiple_of(5) {
                    t.values[E_GRADUATED] = Value::Raw("去年".into());
                }
                Education {
                    level: levels[k],
                    tab: t,
                }
            })
            .collect();
        // None to two jobs, one held to this day, a date not recognised.
        let work = (0..(i % 3) as usize)
            .map(|k| {
                let mut t = Tab::blank(Section::Work);
                t.values[W_EMPLOYER] = ok(&format!("单位{i}-{k}"));
                t.values[W_START] = if (i + k as u64).is_multiple_of(11) {
                    Value::Raw("前年".into())
                } else {
                    ok(&format!("20{:02}-07", 10 + k))
                };
                if k == 0 && i % 3 == 2 {
                    t.values[W_END] = ok("2011-06-30");
                }
                t
            })
            .collect();
        let certificate = (i % 4 != 1).then(|| {
            let mut t = Tab::blank(Section::Certificate);
            t.values[C_PASSED] = ok("否");
            t.values[C_HAS_LICENCE] = ok(if i.is_multiple_of(6) { "是" } else { "否" });
            t
        });
        Profile {
            id_number: id.to_owned(),
            account: Some(AccountFacts {
                name: format!("学员{i}"),
                id_type: "居民身份证".into(),
            }),
            basic: (!i.is_multiple_of(5)).then_some(basic),
            education,
            work,
            certificate,
            other_name: None,
        }
    }

    fn database(dir: &std::path::Path, n: u64) -> Connection {
        let mut conn = crate::db::open(&dir.join("t.db")).unwrap();
        let tx = conn.transaction_immediate().unwrap();
        let change = Change::begin(&tx, &Who::new("t", "t")).unwrap();
        tx.execute(
            "INSERT INTO org (code, name, kind, created_change) VALUES ('H1', 'H', 'base', ?1)",
            [change.id],
        )
        .unwrap();
        let mut staged = Staged::default();
        for i in 0..n {
            let id = format!("ID{i:08}");
            tx.execute(
                "INSERT INTO account (id_number, id_type, name, role, org_id, created_change)
                 VALUES (?1, '居民身份证', ?2, 'resident', 1, ?3)",
                params![id, format!("学员{i}"), change.id],
            )
            .unwrap();
            // Every tenth resident has no profile at all.
            if i % 10 != 9 {
                staged.add(tx.last_insert_rowid(), &profile(i, &id));
            }
        }
        staged.save(&tx, change.id).unwrap();
        tx.commit().unwrap();
        conn
    }

    #[test]
    fn streamed_batches_match_profiles_loaded_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let conn = database(dir.path(), 300);
        let mut streamed = Vec::new();
        stream(&conn, Filter::default(), 7, &mut |batch| {
            streamed.extend(batch.iter().cloned());
            Ok(())
        })
        .unwrap();
        assert_eq!(streamed.len(), 300);
        for (i, p) in streamed.iter().enumerate() {
            let one = load(&conn, i as i64 + 1).unwrap();
            assert_eq!(p, &one, "resident {i}");
            if i % 10 != 9 {
                assert_eq!(p, &profile(i as u64, &p.id_number), "resident {i}");
            } else {
                assert!(p.is_empty());
            }
        }
    }

    #[test]
    fn parallel_validation_matches_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let n = 5000;
        let conn = database(dir.path(), n);
        let opts = Options {
            today: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            photo_rules: Default::default(),
            lists: Default::default(),
            images: true,
        };
        let report = validate::validate_db(&conn, Some("H1"), None, &opts, &|_, _| {}).unwrap();
        assert_eq!(report.checked, n);
        let ctx = validate::Context::new(opts.today);
        let mut expected = validate::Report::default();
        for id in 1..=n as i64 {
            expected.add(validate::check(&load(&conn, id).unwrap(), &ctx));
        }
        let key = |r: &validate::Report| -> Vec<String> {
            r.issues
                .iter()
                .map(|i| format!("{} {:?} {} {}", i.id_number, i.level, i.field, i.message.en))
                .collect()
        };
        assert_eq!(key(&report), key(&expected));
        assert_eq!(
            (report.valid, report.invalid),
            (expected.valid, expected.invalid)
        );
    }
}
