//! The project of a credit record (credit_project): its number with the
//! texts every record of the project shares — 项目名称, 学分获取形式, 主办单位,
//! 学科分类 — stored once. A record points to the project of exactly the
//! texts it gave; other texts under the same number make another project.
//! Projects are found by a hash of their texts, `hash_key` (see
//! [`crate::db::text_key`]): the first key from the hash on that holds the
//! texts, or is free for them.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasherDefault;

use crate::db::batch::{Batch, Kind, Read, Table};
use crate::db::sql::{Connection, OptionalExtension, Row, params};
use crate::db::text_key;
use crate::error::{Error, Result};
use crate::import::MixU64;
use crate::msg;

use super::Fields;

/// A project's five texts, as stored (a project migrated from before
/// projects were stored apart may lack some).
type Stored = [Option<String>; 5];

/// Whether the texts a record gives are a stored project's: a missing
/// text is no record's.
fn is(stored: &Stored, texts: &[&String; 5]) -> bool {
    stored
        .iter()
        .zip(texts)
        .all(|(s, t)| s.as_deref() == Some(t.as_str()))
}

fn stored(r: &Row<'_>, from: usize) -> crate::db::sql::Result<Stored> {
    Ok([
        r.get(from)?,
        r.get(from + 1)?,
        r.get(from + 2)?,
        r.get(from + 3)?,
        r.get(from + 4)?,
    ])
}

/// Where a project's key comes from: [`key`], or in tests a smaller space
/// of keys in which different texts meet.
type KeyOf = fn(&[Option<&str>; 5]) -> i64;

/// The project of a record's texts, made if it is new (one record, as
/// an edit changes it; an import resolves a batch at once with
/// [`Projects::resolve`]).
pub(crate) fn id_of(tx: &Connection, f: &Fields) -> Result<i64> {
    id_keyed(tx, f, key)
}

fn id_keyed(tx: &Connection, f: &Fields, key_of: KeyOf) -> Result<i64> {
    let t = texts(f);
    let mut key = key_of(&t.map(|t| Some(t.as_str())));
    let find = "SELECT id, project_no, name, form, organizer, subject FROM credit_project
                WHERE hash_key = ?1";
    let insert = "INSERT INTO credit_project (project_no, name, form, organizer, subject, hash_key)
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                  ON CONFLICT (hash_key) DO NOTHING RETURNING id";
    // Each round either settles the project or moves on to the next key,
    // but for a key another writer (on a server) took between this
    // writer's look and its insert: looked at once more.
    for _ in 0..PROBES {
        let found = tx
            .prepare_cached(find)?
            .query_row([key], |r| Ok((r.get::<_, i64>(0)?, stored(r, 1)?)))
            .optional()?;
        match found {
            Some((id, s)) if is(&s, &t) => return Ok(id),
            Some(_) => key = text_key::next(key),
            None => {
                let made = tx
                    .prepare_cached(insert)?
                    .query_row(
                        params![
                            f.project_no,
                            f.project_name,
                            f.form,
                            f.organizer,
                            f.subject,
                            key
                        ],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(id) = made {
                    return Ok(id);
                }
            }
        }
    }
    Err(too_many_probes(&f.project_no))
}

/// Rounds of looking for a project's key before giving up: two projects of
/// one hash are as rare as two random 64-bit numbers alike, so a long run
/// of taken keys means the database is not what meded wrote.
const PROBES: usize = 1000;

fn too_many_probes(no: &str) -> Error {
    Error::Database {
        msg: msg!(
            "找不到项目编号 {no} 的项目在数据库中的位置(credit_project 的 hash_key 连续被占用)",
            "cannot place the project numbered {no} in the database (credit_project's hash_key is taken too many times in a row)"
        ),
        source: None,
    }
}

/// A project's number and texts as [`Projects`] keeps them: run together
/// in one allocation, with where each ends.
struct Texts {
    ends: [u32; 5],
    all: Box<str>,
}

impl Texts {
    fn of(texts: &[&String; 5]) -> Texts {
        let mut all = String::with_capacity(texts.iter().map(|t| t.len()).sum());
        let mut ends = [0; 5];
        for (end, t) in ends.iter_mut().zip(texts) {
            all.push_str(t);
            *end = all.len() as u32;
        }
        Texts {
            ends,
            all: all.into_boxed_str(),
        }
    }

    fn is(&self, texts: &[&String; 5]) -> bool {
        let mut start = 0;
        self.ends.iter().zip(texts).all(|(&end, t)| {
            let mine = self.all.get(start..end as usize);
            start = end as usize;
            mine == Some(t.as_str())
        })
    }
}

/// The projects table as an import writes it, matched on its key; the
/// texts are compared after.
static PROJECT: Table = Table::new(
    "credit_project",
    &[
        ("hash_key", Kind::Int),
        ("project_no", Kind::Text),
        ("name", Kind::Text),
        ("form", Kind::Text),
        ("organizer", Kind::Text),
        ("subject", Kind::Text),
    ],
    1,
);

/// How many projects [`Projects`] remembers: a province's file names a
/// few thousand projects in millions of records, but II类 self-study and
/// paper credits give every record its own, which memory need not hold.
const REMEMBERED: usize = 1 << 16;

/// The projects an import has met, by their keys (their texts told apart
/// as they are stored: of two projects with one key, one is remembered).
pub(crate) struct Projects {
    by_key: HashMap<u64, (i64, Texts), BuildHasherDefault<MixU64>>,
    key_of: KeyOf,
}

impl Default for Projects {
    fn default() -> Projects {
        Projects::keyed(key)
    }
}

fn texts(f: &Fields) -> [&String; 5] {
    [
        &f.project_no,
        &f.project_name,
        &f.form,
        &f.organizer,
        &f.subject,
    ]
}

fn same(a: &[&String; 5], b: &[&String; 5]) -> bool {
    a.iter().zip(b).all(|(a, b)| a == b)
}

impl Projects {
    fn keyed(key_of: KeyOf) -> Projects {
        Projects {
            by_key: HashMap::default(),
            key_of,
        }
    }

    fn known(&self, key: u64, texts: &[&String; 5]) -> Option<i64> {
        self.by_key
            .get(&key)
            .and_then(|(id, known)| known.is(texts).then_some(*id))
    }

    fn remember(&mut self, key: u64, texts: &[&String; 5], id: i64) {
        if self.by_key.len() >= REMEMBERED {
            self.by_key.clear();
        }
        self.by_key.insert(key, (id, Texts::of(texts)));
    }

    /// The project of each record of a batch (0 where there is none), the
    /// new ones made: those not remembered are written as one batch.
    pub fn resolve(&mut self, tx: &Connection, records: &[Option<&Fields>]) -> Result<Vec<i64>> {
        let mut ids = vec![0; records.len()];
        // The first record of each project not remembered, and the
        // records that name the same project again. (A record whose key
        // another project's record has is written as if new: writing
        // tells them apart.)
        let mut first: HashMap<u64, usize, BuildHasherDefault<MixU64>> = HashMap::default();
        let mut missing = Vec::new();
        let mut again = Vec::new();
        let mut keys = vec![0; records.len()];
        for (i, f) in records.iter().enumerate() {
            let Some(f) = f else { continue };
            let t = texts(f);
            // The key the project is stored at (but for a collision) also
            // finds it here.
            let key = (self.key_of)(&t.map(|t| Some(t.as_str()))) as u64;
            keys[i] = key;
            if let Some(id) = self.known(key, &t) {
                ids[i] = id;
                continue;
            }
            match first.entry(key) {
                Entry::Occupied(j) if records[*j.get()].is_some_and(|g| same(&texts(g), &t)) => {
                    again.push((i, *j.get()));
                }
                Entry::Occupied(_) => missing.push(i),
                Entry::Vacant(v) => {
                    v.insert(i);
                    missing.push(i);
                }
            }
        }
        if missing.is_empty() {
            return Ok(ids);
        }
        let fields: Vec<&Fields> = missing.iter().filter_map(|&i| records[i]).collect();
        let made = place(
            tx,
            &fields,
            missing.iter().map(|&i| keys[i] as i64).collect(),
        )?;
        for ((&i, f), id) in missing.iter().zip(&fields).zip(made) {
            ids[i] = id;
            self.remember(keys[i], &texts(f), id);
        }
        for (i, j) in again {
            ids[i] = ids[j];
        }
        Ok(ids)
    }
}

/// The stored project of each of `projects`, made where it is new. Each goes in at its key (`keys`: at first its hash);
/// one whose key is taken is read back: its own texts (stored before, or
/// by another writer meanwhile) settle it, another project's send it on
/// to the next key, in a batch with the others that met another project.
fn place(tx: &Connection, projects: &[&Fields], mut keys: Vec<i64>) -> Result<Vec<i64>> {
    let mut ids = vec![0; projects.len()];
    let mut pending: Vec<usize> = (0..projects.len()).collect();
    for _ in 0..PROBES {
        // In the order of their keys, the new entries of the key's index
        // go in one sweep over it rather than anywhere at random.
        pending.sort_by_key(|&p| keys[p]);
        let mut batch = Batch::with_capacity(&PROJECT, pending.len(), &[]);
        for &p in &pending {
            let f = projects[p];
            batch.push(&[
                &keys[p],
                &f.project_no,
                &f.project_name,
                &f.form,
                &f.organizer,
                &f.subject,
            ]);
        }
        let made = batch.insert_new(tx)?;
        let taken: Vec<usize> = (0..made.len()).filter(|&k| made[k].is_none()).collect();
        let mut found: Vec<Option<(i64, Stored)>> = vec![None; pending.len()];
        batch.find(
            tx,
            &taken,
            &Read {
                columns: "p.id, p.project_no, p.name, p.form, p.organizer, p.subject",
                from: "credit_project p",
                alias: "p",
                lock: None,
            },
            |k, r| {
                found[k] = Some((r.get(0)?, stored(r, 1)?));
                Ok(())
            },
        )?;
        drop(batch);
        let mut next = Vec::new();
        for (k, &p) in pending.iter().enumerate() {
            match (made[k], &found[k]) {
                (Some(id), _) => ids[p] = id,
                (None, Some((id, s))) if is(s, &texts(projects[p])) => ids[p] = *id,
                (None, Some(_)) => {
                    keys[p] = text_key::next(keys[p]);
                    next.push(p);
                }
                // Taken by a project no longer to be seen: tried again.
                (None, None) => next.push(p),
            }
        }
        if next.is_empty() {
            return Ok(ids);
        }
        pending = next;
    }
    Err(too_many_probes(&projects[pending[0]].project_no))
}

/// The key of a project's texts (credit_project.hash_key).
fn key(texts: &[Option<&str>; 5]) -> i64 {
    text_key::of(texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::credit::CreditType;

    fn project(no: &str, name: &str) -> Fields {
        let day = chrono::NaiveDate::from_ymd_opt(2017, 3, 1).unwrap_or_default();
        Fields {
            project_no: no.into(),
            project_name: name.into(),
            credits: 20,
            kind: CreditType::Class2,
            start: day,
            end: day,
            form: "学习班".into(),
            organizer: "省医学会".into(),
            year: 2017,
            subject: "临床医学/内科学".into(),
            remark: None,
            image: None,
        }
    }

    /// A key space of one: every project's texts hash alike.
    fn one_key(_: &[Option<&str>; 5]) -> i64 {
        i64::MAX - 1
    }

    fn stored(tx: &Connection) -> Vec<(i64, String, String)> {
        let mut stmt = tx
            .prepare("SELECT hash_key, project_no, name FROM credit_project ORDER BY id")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut out = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            out.push((r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap()));
        }
        out
    }

    /// Different projects whose keys collide are all stored, each at the
    /// next free key, and each record finds its own again: in the same
    /// batch, in a later import that remembers nothing, and in an edit.
    fn colliding_projects_are_told_apart(tx: &Connection) {
        let (a, b, c) = (
            project("A1", "超声学习班"),
            project("A1", "超声培训班"),
            project("B1", "护理讲座"),
        );
        let mut projects = Projects::keyed(one_key);
        let ids = projects
            .resolve(tx, &[Some(&a), Some(&b), None, Some(&a), Some(&c)])
            .unwrap();
        assert_eq!((ids[2], ids[3]), (0, ids[0]), "{ids:?}");
        assert!(ids[0] != ids[1] && ids[1] != ids[4] && ids[0] != ids[4]);
        let k = i64::MAX - 1;
        assert_eq!(
            stored(tx),
            [
                (k, "A1".into(), "超声学习班".into()),
                (k + 1, "A1".into(), "超声培训班".into()),
                // After the largest key, the smallest.
                (i64::MIN, "B1".into(), "护理讲座".into()),
            ]
        );
        // Remembered by the import: nothing more is written.
        assert_eq!(projects.resolve(tx, &[Some(&b)]).unwrap(), [ids[1]]);

        let d = project("C1", "论文");
        let again = Projects::keyed(one_key)
            .resolve(tx, &[Some(&c), Some(&d), Some(&b), Some(&d)])
            .unwrap();
        assert_eq!((again[0], again[2], again[3]), (ids[4], ids[1], again[1]));
        assert_eq!(id_keyed(tx, &a, one_key).unwrap(), ids[0]);
        assert_eq!(id_keyed(tx, &d, one_key).unwrap(), again[1]);
        let e = project("E1", "自学");
        let made = id_keyed(tx, &e, one_key).unwrap();
        let all = stored(tx);
        assert_eq!(all.len(), 5);
        assert_eq!(all[3], (i64::MIN + 1, "C1".into(), "论文".into()));
        assert_eq!(all[4], (i64::MIN + 2, "E1".into(), "自学".into()));
        assert!(![ids[0], ids[1], ids[4], again[1]].contains(&made));
    }

    #[test]
    fn on_a_file() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::db::SCHEMA).unwrap();
        let tx = conn.transaction_immediate().unwrap();
        colliding_projects_are_told_apart(&tx);
    }

    /// The same on a PostgreSQL server, when the tests have one.
    #[test]
    #[ignore = "needs a PostgreSQL server: MEDED_TEST_PG=postgres://… cargo test --lib postgres -- --include-ignored"]
    fn on_postgres() {
        let url = std::env::var("MEDED_TEST_PG")
            .expect("MEDED_TEST_PG: the URL of a PostgreSQL server the test may use");
        let client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut conn = Connection::from_postgres(client);
        conn.execute_batch(&format!(
            "DROP SCHEMA IF EXISTS project_test CASCADE; CREATE SCHEMA project_test;
             SET search_path = project_test; {}",
            crate::db::postgres::schema(crate::db::SCHEMA)
        ))
        .unwrap();
        let tx = conn.transaction_immediate().unwrap();
        colliding_projects_are_told_apart(&tx);
        tx.rollback().unwrap();
        conn.execute_batch("DROP SCHEMA project_test CASCADE")
            .unwrap();
    }
}
