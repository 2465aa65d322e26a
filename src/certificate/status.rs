//! Where a certificate's revocation is published for standard credentials: its entry on a Bitstring Status List (tables `status_list`, `status_entry`), and the signed list that `certificate revocations --status-list` writes.
//!
//! An entry is drawn at random among the free ones when a certificate's
//! first credential is written (as the Bitstring Status List recommends,
//! so that an entry says nothing of when it was given or how many were),
//! and is the certificate's for good: written again, the credential names
//! the same entry, and no other certificate ever gets it. A list has at
//! least 131,072 entries and doubles when half are taken, so that a draw
//! finds a free entry at once.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use rand::TryRng;
use serde::Serialize;

use super::credential::{self, StatusEntry};
use super::verify::Status;
use crate::db::sql::{Connection, OptionalExtension, params};
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::history::{Change, Who, now};
use crate::msg;
use crate::sign::{KeyId, SigningKey};
use crate::vc::MIN_ENTRIES;

/// A status list of the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    pub id: i64,
    /// The list credential's `id`, which credentials name.
    pub url: String,
    /// Entries, at least [`MIN_ENTRIES`].
    pub size: u64,
}

/// `--status-list-url` as typed: an absolute URL (`https://…`) or URN,
/// without blanks (it is the list's identifier in every credential).
pub fn check_url(raw: &str) -> Result<String> {
    let url = raw.trim();
    let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or_default();
    let ok = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && url.len() > scheme.len() + 1
        && !url.contains(|c: char| c.is_whitespace() || c.is_control() || c == '#');
    if !ok {
        return Err(Error::Usage(msg!(
            "--status-list-url “{url}”不是完整的网址(如 https://cme.example.org/meded/status.json),也不能含 #",
            "--status-list-url '{url}' is not an absolute URL (such as https://cme.example.org/meded/status.json), nor may it hold #"
        )));
    }
    Ok(url.to_owned())
}

fn random_u64() -> Result<u64> {
    let mut b = [0u8; 8];
    rand::rngs::SysRng
        .try_fill_bytes(&mut b)
        .map_err(|e| Error::Io {
            msg: msg!(
                "无法从操作系统取得随机数",
                "cannot get random numbers from the operating system"
            ),
            source: std::io::Error::other(e.to_string()),
        })?;
    Ok(u64::from_le_bytes(b))
}

/// The list that new entries go on: the one at `url` (made if no list has
/// that address), else the list made last, else a new one named by a
/// random `urn:uuid:` (an office that will publish its list on the web
/// names the address with `--status-list-url` before its first credential).
pub fn list(conn: &Connection, url: Option<&str>) -> Result<StatusList> {
    let found = match url {
        Some(u) => conn
            .prepare_cached("SELECT id, url, size FROM status_list WHERE url = ?1")?
            .query_row([u], row)
            .optional()?,
        None => conn
            .prepare_cached("SELECT id, url, size FROM status_list ORDER BY id DESC LIMIT 1")?
            .query_row([], row)
            .optional()?,
    };
    if let Some(list) = found {
        return Ok(list);
    }
    let url = match url {
        Some(u) => u.to_owned(),
        None => {
            let (a, b) = (random_u64()?, random_u64()?);
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&a.to_le_bytes());
            bytes[8..].copy_from_slice(&b.to_le_bytes());
            // Version 4 (random), RFC 9562.
            bytes[6] = (bytes[6] & 0x0f) | 0x40;
            bytes[8] = (bytes[8] & 0x3f) | 0x80;
            let x = crate::sign::to_hex(&bytes);
            format!(
                "urn:uuid:{}-{}-{}-{}-{}",
                &x[..8],
                &x[8..12],
                &x[12..16],
                &x[16..20],
                &x[20..]
            )
        }
    };
    conn.prepare_cached("INSERT INTO status_list (url, size, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![url, MIN_ENTRIES as i64, now()])?;
    Ok(conn
        .prepare_cached("SELECT id, url, size FROM status_list WHERE url = ?1")?
        .query_row([&url], row)?)
}

fn row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<StatusList> {
    Ok(StatusList {
        id: r.get(0)?,
        url: r.get(1)?,
        size: r.get::<_, i64>(2)? as u64,
    })
}

/// The entries of the certificates with these codes (stored form), in
/// order: a certificate's own entry if it has one (on whatever list), else
/// a free entry drawn at random on `list`, recorded at once.
pub fn entries(conn: &Connection, list: &StatusList, codes: &[String]) -> Result<Vec<StatusEntry>> {
    let mut out: Vec<Option<StatusEntry>> = Vec::with_capacity(codes.len());
    let mut own = conn.prepare_cached(
        "SELECT l.url, e.idx FROM status_entry e JOIN status_list l ON l.id = e.list_id
         WHERE e.code = ?1",
    )?;
    for code in codes {
        out.push(
            own.query_row([code], |r| {
                Ok(StatusEntry {
                    list: r.get(0)?,
                    index: r.get::<_, i64>(1)? as u64,
                })
            })
            .optional()?,
        );
    }
    let missing = out.iter().filter(|e| e.is_none()).count() as u64;
    if missing == 0 {
        return Ok(out.into_iter().flatten().collect());
    }
    // The list's row is updated first: on a server, that holds off every
    // other command drawing on this list until this one commits (SQLite's
    // write transaction already does).
    conn.prepare_cached("UPDATE status_list SET size = size WHERE id = ?1")?
        .execute([list.id])?;
    let taken: i64 = conn
        .prepare_cached("SELECT count(*) FROM status_entry WHERE list_id = ?1")?
        .query_row([list.id], |r| r.get(0))?;
    let size: i64 = conn
        .prepare_cached("SELECT size FROM status_list WHERE id = ?1")?
        .query_row([list.id], |r| r.get(0))?;
    let mut size = size as u64;
    while (taken as u64 + missing) * 2 > size {
        size *= 2;
    }
    conn.prepare_cached("UPDATE status_list SET size = ?2 WHERE id = ?1")?
        .execute(params![list.id, size as i64])?;
    let mut exists =
        conn.prepare_cached("SELECT 1 FROM status_entry WHERE list_id = ?1 AND idx = ?2")?;
    let mut insert =
        conn.prepare_cached("INSERT INTO status_entry (list_id, idx, code) VALUES (?1, ?2, ?3)")?;
    let mut drawn = HashSet::new();
    for (slot, code) in out.iter_mut().zip(codes) {
        if slot.is_some() {
            continue;
        }
        let index = loop {
            let i = random_u64()? % size;
            if !drawn.contains(&i) && !exists.exists(params![list.id, i as i64])? {
                break i;
            }
        };
        drawn.insert(index);
        insert.execute(params![list.id, index as i64, code])?;
        *slot = Some(StatusEntry {
            list: list.url.clone(),
            index,
        });
    }
    Ok(out.into_iter().flatten().collect())
}

/// What `certificate revocations --status-list` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub url: String,
    pub as_of: String,
    pub entries: u64,
    /// Entries whose bit is set: revoked certificates on this list.
    pub revoked: u64,
    pub key_id: KeyId,
}

/// Writes the signed status list at `url` (else the list made last, else
/// a new one) to `path` as of now: every revoked certificate's bit set.
/// The key is recorded as one the database signs with.
pub fn publish(
    conn: &mut Connection,
    key: &SigningKey,
    who: &Who,
    url: Option<&str>,
    path: &Path,
) -> Result<Published> {
    let tx = crate::db::write(conn)?;
    let list = list(&tx, url)?;
    let mut stmt = tx.prepare_cached(
        "SELECT e.idx FROM status_entry e JOIN certificate c ON c.code = e.code
         WHERE e.list_id = ?1 AND c.status = ?2 ORDER BY e.idx",
    )?;
    let revoked: Vec<u64> = stmt
        .query_map(params![list.id, Status::Revoked], |r| r.get::<_, i64>(0))?
        .map(|r| r.map(|i| i as u64))
        .collect::<crate::db::sql::Result<_>>()?;
    drop(stmt);
    crate::sign::record(&tx, &key.public(), &mut || Change::begin(&tx, who))?;
    let as_of = now();
    let text = credential::to_text(&credential::status_list(
        &list.url, list.size, &revoked, &as_of, key,
    ));
    // Public, as the revocation list is: mode 0644.
    let mut file = AtomicFile::create_shared(path)?;
    file.file()
        .write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))?;
    tx.commit()?;
    file.commit()?;
    Ok(Published {
        url: list.url,
        as_of,
        entries: list.size,
        revoked: revoked.len() as u64,
        key_id: key.id(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_addresses_are_checked() {
        assert!(check_url("https://cme.example.org/meded/status.json").is_ok());
        assert!(check_url("urn:uuid:0c5b8a1e-0000-4000-8000-000000000000").is_ok());
        for bad in [
            "status.json",
            "https://x.org/a b",
            "https://x.org/s#1",
            "",
            "1http://x",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn entries_are_drawn_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::db::open(&dir.path().join("m.db")).unwrap();
        let tx = crate::db::write(&mut conn).unwrap();
        let l = list(&tx, None).unwrap();
        assert!(l.url.starts_with("urn:uuid:"), "{}", l.url);
        assert_eq!(l.size, MIN_ENTRIES);
        assert_eq!(list(&tx, None).unwrap(), l, "the list made last");
        let codes: Vec<String> = (0..50).map(|i| format!("CODE{i:08}")).collect();
        let first = entries(&tx, &l, &codes).unwrap();
        let again = entries(&tx, &l, &codes).unwrap();
        assert_eq!(first, again, "stable");
        let distinct: HashSet<u64> = first.iter().map(|e| e.index).collect();
        assert_eq!(distinct.len(), 50);
        assert!(first.iter().all(|e| e.index < MIN_ENTRIES));
        // Spread over the list, not counted from zero.
        assert!(first.iter().any(|e| e.index > 1000));
        // A list named by address is another list; an entry stays on its own.
        let named = list(&tx, Some("https://cme.example.org/status/2")).unwrap();
        assert_ne!(named.id, l.id);
        let mixed = entries(&tx, &named, &[codes[0].clone(), "NEWCODE".into()]).unwrap();
        assert_eq!(mixed[0], first[0]);
        assert_eq!(mixed[1].list, named.url);

        // Half the list taken: it doubles before the next draw.
        tx.execute(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 65535)
             INSERT INTO status_entry (list_id, idx, code)
                 SELECT ?1, i, 'FILL' || i FROM n WHERE i <> ?2",
            [named.id, mixed[1].index as i64],
        )
        .unwrap();
        let grown = entries(&tx, &named, &["LATE".into()]).unwrap();
        let size: i64 = tx
            .query_row(
                "SELECT size FROM status_list WHERE id = ?1",
                [named.id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(size as u64, 2 * MIN_ENTRIES);
        assert!(grown[0].index < 2 * MIN_ENTRIES);
    }
}
