//! The project of a credit record (credit_project): its number with the
//! texts every record of the project shares — 项目名称, 学分获取形式, 主办单位,
//! 学科分类 — stored once. A record points to the project of exactly the
//! texts it gave; other texts under the same number make another project.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::db::batch::{Batch, Kind, Read, Table};
use crate::db::sql::{Connection, OptionalExtension, params};
use crate::error::Result;
use crate::import::MixU64;

use super::Fields;

/// The project of a record's texts, made if it is new (one record, as
/// an edit changes it; an import resolves a batch at once with
/// [`Projects::resolve`]).
pub(crate) fn id_of(tx: &Connection, f: &Fields) -> Result<i64> {
    let key = params![f.project_no, f.project_name, f.form, f.organizer, f.subject];
    let find = "SELECT id FROM credit_project
                WHERE project_no = ?1 AND name = ?2 AND form = ?3 AND organizer = ?4
                  AND subject = ?5";
    if let Some(id) = tx
        .prepare_cached(find)?
        .query_row(key, |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    // Another writer (on a server) may make the same project meanwhile.
    tx.prepare_cached(
        "INSERT INTO credit_project (project_no, name, form, organizer, subject)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (project_no, name, form, organizer, subject) DO NOTHING",
    )?
    .execute(key)?;
    Ok(tx.prepare_cached(find)?.query_row(key, |r| r.get(0))?)
}

/// A project's number and texts, as [`Projects`] keeps them.
type Texts = [String; 5];

/// The projects table as an import writes it: every column is the key.
static PROJECT: Table = Table::new(
    "credit_project",
    &[
        ("project_no", Kind::Text),
        ("name", Kind::Text),
        ("form", Kind::Text),
        ("organizer", Kind::Text),
        ("subject", Kind::Text),
    ],
    5,
);

/// How many projects [`Projects`] remembers: a province's file names a
/// few thousand projects in millions of records, but II类 self-study and
/// paper credits give every record its own, which memory need not hold.
const REMEMBERED: usize = 1 << 16;

/// The projects an import has met, by their texts.
#[derive(Default)]
pub(crate) struct Projects {
    by_hash: HashMap<u64, Vec<(i64, Texts)>, BuildHasherDefault<MixU64>>,
    len: usize,
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
    fn known(&self, hash: u64, texts: &[&String; 5]) -> Option<i64> {
        self.by_hash.get(&hash).and_then(|known| {
            known
                .iter()
                .find(|(_, k)| k.iter().zip(texts).all(|(a, b)| a == *b))
                .map(|(id, _)| *id)
        })
    }

    fn remember(&mut self, hash: u64, texts: &[&String; 5], id: i64) {
        if self.len >= REMEMBERED {
            self.by_hash.clear();
            self.len = 0;
        }
        self.len += 1;
        self.by_hash
            .entry(hash)
            .or_default()
            .push((id, texts.map(|t| t.clone())));
    }

    /// The project of each record of a batch (0 where there is none), the
    /// new ones made: those not remembered are written as one batch.
    pub fn resolve(&mut self, tx: &Connection, records: &[Option<&Fields>]) -> Result<Vec<i64>> {
        let mut ids = vec![0; records.len()];
        // The first record of each project not remembered, and the
        // records that name the same project again.
        let mut first: HashMap<u64, Vec<usize>, BuildHasherDefault<MixU64>> = HashMap::default();
        let mut missing = Vec::new();
        let mut again = Vec::new();
        let mut hashes = vec![0; records.len()];
        for (i, f) in records.iter().enumerate() {
            let Some(f) = f else { continue };
            let t = texts(f);
            let hash = hash(&t);
            hashes[i] = hash;
            if let Some(id) = self.known(hash, &t) {
                ids[i] = id;
                continue;
            }
            let firsts = first.entry(hash).or_default();
            match firsts
                .iter()
                .find(|&&j| records[j].is_some_and(|g| same(&texts(g), &t)))
            {
                Some(&j) => again.push((i, j)),
                None => {
                    firsts.push(i);
                    missing.push(i);
                }
            }
        }
        if missing.is_empty() {
            return Ok(ids);
        }
        let mut batch = Batch::with_capacity(&PROJECT, missing.len(), &[]);
        for &i in &missing {
            let Some(f) = records[i] else { continue };
            batch.push(&[
                &f.project_no,
                &f.project_name,
                &f.form,
                &f.organizer,
                &f.subject,
            ]);
        }
        let mut made = batch.insert_new(tx)?;
        let stored: Vec<usize> = (0..made.len()).filter(|&k| made[k].is_none()).collect();
        batch.find(
            tx,
            &stored,
            &Read {
                columns: "p.id",
                from: "credit_project p",
                alias: "p",
                lock: None,
            },
            |k, r| {
                made[k] = Some(r.get(0)?);
                Ok(())
            },
        )?;
        for (k, &i) in missing.iter().enumerate() {
            let Some(f) = records[i] else { continue };
            // Deleted by another writer between the insert and the lookup:
            // made again, alone.
            let id = match made[k] {
                Some(id) => id,
                None => id_of(tx, f)?,
            };
            ids[i] = id;
            self.remember(hashes[i], &texts(f), id);
        }
        for (i, j) in again {
            ids[i] = ids[j];
        }
        Ok(ids)
    }
}

/// A hash of the texts, eight bytes at a time.
fn hash(texts: &[&String; 5]) -> u64 {
    let mut h = 0u64;
    let mut mix = |w: u64| h = (h.rotate_left(5) ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for t in texts {
        let b = t.as_bytes();
        let mut words = b.chunks_exact(8);
        for w in &mut words {
            mix(u64::from_le_bytes(w.try_into().unwrap_or([0; 8])));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        mix(u64::from_le_bytes(last) ^ (b.len() as u64) << 56);
    }
    h
}
