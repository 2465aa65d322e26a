//! What every importer reports (SPEC §4: counts, and each refused row's
//! `row`, `column` and `message`), shared by account, credit and
//! credit-standard imports.

use serde::Serialize;

use crate::i18n::Msg;
use crate::sheet::{Cell, Table};

/// One problem with one cell of a row (SPEC §4: `row`, `column`, `message`).
#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    pub row: u32,
    pub column: String,
    #[serde(skip)]
    pub message: Msg,
}

/// A refused row, kept as it was for the errors file.
#[derive(Debug, Clone)]
pub struct Refused {
    pub row: u32,
    /// The row's cells, when asked for with `keep_refused_rows` (and always
    /// for rows refused on their own cells).
    pub cells: Vec<Cell>,
    pub reasons: Vec<Msg>,
}

/// What an import did (or, for a dry run or a strict import with refused
/// rows, would have done).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub imported: u64,
    pub updated: u64,
    pub skipped: u64,
    pub rejected: u64,
    pub errors: Vec<RowError>,
    /// Whether the changes were committed.
    pub written: bool,
    pub header_row: u32,
    /// The header row as written, for the errors file.
    pub headers: Vec<String>,
    pub unknown_columns: Vec<String>,
    pub refused: Vec<Refused>,
}

impl ImportReport {
    /// An empty report for a table whose header has been found.
    pub fn for_table(table: &Table) -> ImportReport {
        ImportReport {
            header_row: table.header_row,
            headers: table.headers.clone(),
            unknown_columns: table.unknown_columns.clone(),
            ..ImportReport::default()
        }
    }

    /// Records a refused row whose problems name layout columns: each
    /// column is reported by its header as written in the file.
    pub fn reject_at(
        &mut self,
        row: u32,
        cells: Vec<Cell>,
        headers: &[String],
        problems: Vec<(usize, Msg)>,
    ) {
        let named = problems
            .into_iter()
            .map(|(col, m)| (headers.get(col).cloned().unwrap_or_default(), m))
            .collect();
        self.reject(row, cells, named);
    }

    /// Whether an import ends by committing: not for a dry run, not with
    /// refused rows under `--strict`, and only when something changed.
    pub fn commits(&self, dry_run: bool, strict: bool) -> bool {
        let held_back = dry_run || (strict && self.rejected > 0);
        !held_back && self.imported + self.updated > 0
    }

    /// Records a refused row: one error per problem, under the column's
    /// header as written in the file.
    pub fn reject(&mut self, row: u32, cells: Vec<Cell>, problems: Vec<(String, Msg)>) {
        self.rejected += 1;
        let mut reasons = Vec::with_capacity(problems.len());
        for (column, message) in problems {
            self.errors.push(RowError {
                row,
                column,
                message: message.clone(),
            });
            reasons.push(message);
        }
        self.refused.push(Refused {
            row,
            cells,
            reasons,
        });
    }
}

/// The refused rows' reasons joined for the errors file's 错误原因 column.
pub fn reasons_text(reasons: &[Msg], lang: crate::i18n::Lang) -> String {
    let texts: Vec<&str> = reasons.iter().map(|m| m.text(lang)).collect();
    texts.join(lang.pick(";", "; "))
}

/// A hasher for ID numbers packed into a `u64` (the first 17 digits of a
/// 居民身份证 number): one multiplication spreads their digits over a hash
/// table. The keys come from the administrator's own files and database, so
/// there is no adversary to defend against with a keyed hash.
#[derive(Default)]
pub struct MixU64(u64);

impl std::hash::Hasher for MixU64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}
