//! Verification codes, and answering for a certificate by its code:
//! `meded certificate verify` and `meded certificate revoke`.
//!
//! A code is 12 symbols of Crockford's base 32 (`0-9 A-Z` without `I L O
//! U`), 60 bits drawn from the operating system's random source and printed
//! in three groups (`7KQ2-M9XD-4TWP`). It carries no information: it is a key
//! into the table of issued certificates, and guessing one that exists is
//! as likely as guessing one of 2⁶⁰ (a province that issues ten million
//! certificates leaves one chance in a hundred billion per guess). Typed
//! back, case, dashes and blanks do not matter, and the letters that look
//! like digits are read as those digits (`O` as `0`, `I` and `L` as `1`).

use crate::db::sql::{Connection, OptionalExtension, params};
use rand::TryRng;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::msg;
use crate::rules::credit::Credits;
use crate::rules::text::normalize;

/// The symbols of a code: Crockford's base 32.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Symbols in a code: 12 × 5 = 60 bits.
pub const CODE_LEN: usize = 12;

/// A new code from the operating system's random source, as stored (no
/// dashes). Fails only if the system cannot supply random bytes.
pub fn new_code() -> Result<String> {
    let mut bytes = [0u8; 8];
    rand::rngs::SysRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| Error::Io {
            msg: msg!(
                "无法从操作系统取得随机数",
                "cannot get random numbers from the operating system"
            ),
            source: std::io::Error::other(e.to_string()),
        })?;
    let mut bits = u64::from_le_bytes(bytes);
    let mut code = String::with_capacity(CODE_LEN);
    for _ in 0..CODE_LEN {
        code.push(ALPHABET[(bits & 31) as usize] as char);
        bits >>= 5;
    }
    Ok(code)
}

/// A code as typed, in its stored form; `None` if it cannot be one.
pub fn parse_code(raw: &str) -> Option<String> {
    let mut code = String::with_capacity(CODE_LEN);
    for c in normalize(raw).chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '_' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        code.push(c);
    }
    (code.len() == CODE_LEN).then_some(code)
}

/// A stored code as printed: `7KQ2-M9XD-4TWP`.
pub fn format_code(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 4);
    for (i, c) in code.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

crate::states! {
    /// Where a certificate stands (its 状态; docs/domain.md#certificates).
    pub enum Status: "证明状态" {
        /// The current certificate for its member, span and kind.
        Valid = "有效", "valid" => [Revoked, Superseded];
        /// Withdrawn by the office, with a reason: it no longer vouches for
        /// anything.
        Revoked = "已作废", "revoked" ["作废"] => [] (reason);
        /// Genuine, but a later certificate for the same member, span and
        /// kind (issued after more credits were approved, or on a later
        /// day) replaces it; current again if the later one is revoked.
        Superseded = "已被替代", "superseded" => [Valid, Revoked];
    }
}

impl Status {
    pub fn label_en(self) -> &'static str {
        crate::state::State::english(self)
    }
}

/// The status in `verify`'s JSON: the English name scripts have read
/// since the first release (`valid`, `revoked`, `superseded`).
fn status_english<S: serde::Serializer>(
    status: &Status,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(status.label_en())
}

/// One year's sums as stored with a certificate (tenths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoredYear {
    pub year: i32,
    pub national_i: i64,
    pub provincial_i: i64,
    pub class_ii: i64,
    pub records: usize,
}

/// One year as the certificate states it: only the sums its kind prints.
#[derive(Debug, Clone, Serialize)]
pub struct YearSums {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_i: Option<Credits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provincial_i: Option<Credits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_ii: Option<Credits>,
    pub records: usize,
}

/// A credit record the certificate lists.
#[derive(Debug, Clone, Serialize)]
pub struct ListedRecord {
    /// The credit record's id (`credit list`).
    pub id: i64,
    pub project_no: String,
    pub project_name: String,
    pub credits: Credits,
    #[serde(rename = "type")]
    pub kind: String,
    pub start_date: String,
    pub end_date: String,
    pub year: i32,
}

/// The certificate that replaced a superseded one.
#[derive(Debug, Clone, Serialize)]
pub struct Successor {
    pub code: String,
    pub issue_date: String,
    #[serde(serialize_with = "status_english")]
    pub status: Status,
}

/// Why and when a certificate was revoked.
#[derive(Debug, Clone, Serialize)]
pub struct Revocation {
    pub reason: String,
    pub at: String,
    pub by: String,
}

/// What a certificate states, and where it stands: the answer of
/// `certificate verify`. Everything comes from the record made when it was
/// issued, so later changes (a new name of the unit, a new title) do not
/// change what an old certificate is said to have stated.
#[derive(Debug, Clone, Serialize)]
pub struct Verified {
    pub code: String,
    #[serde(serialize_with = "status_english")]
    pub status: Status,
    pub id_number: String,
    pub name: String,
    pub org_name: String,
    pub title: String,
    pub province: String,
    pub from: i32,
    pub to: i32,
    /// `all`, `1` or `2`, as `--kind` takes it.
    pub kind: String,
    /// The certificate's name: I类II类综合学分证明, I类学分证明, II类学分证明.
    pub kind_label: String,
    pub issue_date: String,
    /// When it was issued (RFC 3339).
    pub issued_at: String,
    pub years: Vec<YearSums>,
    pub records: Vec<ListedRecord>,
    /// SHA-256 of the certificate's text (see `Certificate::digest`).
    pub digest: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<Successor>,
    /// `null` unless revoked: every form of `certificate verify` states it.
    pub revoked: Option<Revocation>,
}

/// The certificate with this stored code, if any.
fn load(conn: &Connection, code: &str) -> Result<Option<Verified>> {
    let row = conn
        .query_row(
            &format!(
                "SELECT c.code, c.status, a.id_number, c.name, c.org_name, c.title, c.province,
                    c.from_year, c.to_year, c.kind, c.issue_date, c.issued_at, c.years,
                    c.credit_ids, c.digest, s.code, s.issue_date, s.status, c.revoke_reason,
                    x.at, {who}
             FROM certificate c JOIN account a ON a.id = c.account_id
             LEFT JOIN certificate s ON s.id = c.superseded_by
             LEFT JOIN change_set x ON x.id = c.status_change
             WHERE c.code = ?1",
                who = crate::history::who_sql("x")
            ),
            [code],
            |r| {
                let kind: String = r.get(9)?;
                let years: String = r.get(12)?;
                let ids: String = r.get(13)?;
                let successor = match r.get::<_, Option<String>>(15)? {
                    Some(code) => Some(Successor {
                        code: format_code(&code),
                        issue_date: r.get(16)?,
                        status: r.get(17)?,
                    }),
                    None => None,
                };
                let revoked = match r.get::<_, Option<String>>(18)? {
                    Some(reason) => Some(Revocation {
                        reason,
                        at: r.get::<_, Option<String>>(19)?.unwrap_or_default(),
                        by: r.get::<_, Option<String>>(20)?.unwrap_or_default(),
                    }),
                    None => None,
                };
                Ok((
                    Verified {
                        code: format_code(&r.get::<_, String>(0)?),
                        status: r.get(1)?,
                        id_number: r.get(2)?,
                        name: r.get(3)?,
                        org_name: r.get(4)?,
                        title: r.get(5)?,
                        province: r.get(6)?,
                        from: r.get(7)?,
                        to: r.get(8)?,
                        kind_label: super::Kind::parse(&kind)
                            .map_or("", super::Kind::label)
                            .to_owned(),
                        kind,
                        issue_date: r.get(10)?,
                        issued_at: r.get(11)?,
                        years: Vec::new(),
                        records: Vec::new(),
                        digest: r.get(14)?,
                        superseded_by: successor,
                        revoked,
                    },
                    years,
                    ids,
                ))
            },
        )
        .optional()?;
    let Some((mut v, years, ids)) = row else {
        return Ok(None);
    };
    let kind = super::Kind::parse(&v.kind).unwrap_or_default();
    let stored: Vec<StoredYear> = serde_json::from_str(&years).unwrap_or_default();
    let class_i = kind != super::Kind::ClassII;
    let class_ii = kind != super::Kind::ClassI;
    v.years = stored
        .iter()
        .map(|y| YearSums {
            year: y.year,
            national_i: class_i.then_some(Credits(y.national_i)),
            provincial_i: class_i.then_some(Credits(y.provincial_i)),
            class_ii: class_ii.then_some(Credits(y.class_ii)),
            records: y.records,
        })
        .collect();
    let ids: Vec<i64> = serde_json::from_str(&ids).unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.project_no, p.name, c.credits, c.kind, c.start_date, c.end_date, c.year
         FROM credit c JOIN credit_project p ON p.id = c.project_id WHERE c.id = ?1",
    )?;
    for id in ids {
        let rec = stmt
            .query_row([id], |r| {
                Ok(ListedRecord {
                    id: r.get(0)?,
                    project_no: r.get(1)?,
                    project_name: r.get(2)?,
                    credits: Credits(r.get(3)?),
                    kind: r.get(4)?,
                    start_date: r.get(5)?,
                    end_date: r.get(6)?,
                    year: r.get(7)?,
                })
            })
            .optional()?;
        // Approved records cannot be changed or deleted, nor can the
        // account of a member who has them; a missing one would be a
        // database edited by hand, and is simply not listed.
        v.records.extend(rec);
    }
    Ok(Some(v))
}

/// The certificate a typed code names: `Ok(None)` when there is none, or
/// the text cannot be a code at all.
pub fn verify(conn: &Connection, raw: &str) -> Result<Option<Verified>> {
    match parse_code(raw) {
        Some(code) => load(conn, &code),
        None => Ok(None),
    }
}

/// The message for a code that names no certificate.
pub fn unknown(raw: &str) -> crate::i18n::Msg {
    let raw = raw.trim();
    if parse_code(raw).is_none() {
        msg!(
            "“{raw}”不是 meded 签发的验证码(应为 12 位字母和数字,如 7KQ2-M9XD-4TWP)",
            "'{raw}' is not a verification code meded issues (12 letters and digits, such as 7KQ2-M9XD-4TWP)"
        )
    } else {
        msg!(
            "没有验证码为 {raw} 的学分证明:此证明不是本系统签发的",
            "no credit certificate has the code {raw}: it was not issued here"
        )
    }
}

/// Revokes a certificate. The reason is required; revoking one already
/// revoked changes nothing and says so (`Ok((v, false))`).
pub fn revoke(
    conn: &mut Connection,
    raw: &str,
    reason: &str,
    who: &Who,
) -> Result<(Verified, bool)> {
    let reason = normalize(reason).into_owned();
    if reason.is_empty() {
        return Err(Error::Usage(msg!(
            "作废学分证明须说明原因(--reason)",
            "revoking a certificate needs a reason (--reason)"
        )));
    }
    let tx = crate::db::write(conn)?;
    let Some(before) = verify(&tx, raw)? else {
        return Err(Error::Usage(unknown(raw)));
    };
    if before.status == Status::Revoked {
        return Ok((before, false));
    }
    let stored = parse_code(raw).unwrap_or_default();
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "UPDATE certificate SET status = ?2, revoke_reason = ?3, status_change = ?4
         WHERE code = ?1",
        params![stored, Status::Revoked, reason, change.id],
    )?;
    let note = format!("{}: {reason}", before.code);
    change.log(
        &tx,
        &Item {
            subject: &before.id_number,
            entity: "certificate",
            action: "revoke",
            field: Some("状态"),
            before: Some(before.status.label()),
            after: Some(Status::Revoked.label()),
            note: Some(&note),
        },
    )?;
    let after = load(&tx, &stored)?.unwrap_or(before);
    tx.commit()?;
    Ok((after, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_twelve_symbols_of_the_alphabet_and_differ() {
        let a = new_code().unwrap();
        let b = new_code().unwrap();
        assert_eq!(a.len(), CODE_LEN);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)), "{a}");
        assert_ne!(a, b);
        assert!(!a.contains(['I', 'L', 'O', 'U']));
    }

    #[test]
    fn codes_are_read_back_however_typed() {
        assert_eq!(format_code("7KQ2M9XD4TWP"), "7KQ2-M9XD-4TWP");
        for typed in [
            "7KQ2-M9XD-4TWP",
            "7kq2-m9xd-4twp",
            " 7KQ2 M9XD 4TWP ",
            "７ＫＱ２－Ｍ９ＸＤ－４ＴＷＰ",
        ] {
            assert_eq!(
                parse_code(typed).as_deref(),
                Some("7KQ2M9XD4TWP"),
                "{typed}"
            );
        }
        assert_eq!(
            parse_code("O1IL-0000-0000").as_deref(),
            Some("011100000000")
        );
        assert_eq!(parse_code("7KQ2-M9XD-4TW"), None);
        assert_eq!(parse_code("7KQ2-M9XD-4TWU"), None);
        assert_eq!(parse_code("学分证明"), None);
    }
}
