//! The project of a credit record (credit_project): its number with the
//! texts every record of the project shares — 项目名称, 学分获取形式, 主办单位,
//! 学科分类 — stored once. A record points to the project of exactly the
//! texts it gave; other texts under the same number make another project.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::db::sql::{Connection, OptionalExtension, params};
use crate::error::Result;
use crate::import::MixU64;

use super::Fields;

/// The project of a record's texts, made if it is new.
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

/// The projects an import has met, by their texts: a province's file names
/// a few thousand projects in millions of records.
#[derive(Default)]
pub(crate) struct Projects {
    by_hash: HashMap<u64, Vec<(i64, Texts)>, BuildHasherDefault<MixU64>>,
}

impl Projects {
    /// The project of a record's texts, from memory after the first time.
    pub fn id(&mut self, tx: &Connection, f: &Fields) -> Result<i64> {
        let texts = [
            &f.project_no,
            &f.project_name,
            &f.form,
            &f.organizer,
            &f.subject,
        ];
        let hash = hash(&texts);
        if let Some(known) = self.by_hash.get(&hash)
            && let Some((id, _)) = known
                .iter()
                .find(|(_, k)| k.iter().zip(&texts).all(|(a, b)| a == *b))
        {
            return Ok(*id);
        }
        let id = id_of(tx, f)?;
        self.by_hash
            .entry(hash)
            .or_default()
            .push((id, texts.map(|t| t.clone())));
        Ok(id)
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
