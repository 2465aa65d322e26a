//! The one import skeleton. Every import runs the same way:
//!
//! ```text
//! Workbook::open(path)              the file, its format and sheets
//!   → Import::open                  the template's table (header found)
//!   → db::write, Change::begin      one IMMEDIATE transaction, one change set
//!   → Import::begin                 what the checks need, loaded once
//!   → check (another core)          each row on its own cells
//!   → Writer::write                 each good row against the database
//!   → Writer::finish                checks across rows, extra work
//!   → errors file, before_commit    written before anything is committed
//!   → commit                        unless --dry-run, or --strict with refusals
//! ```
//!
//! An importer supplies only its layout ([`Import::open`]), its row check
//! and its row write ([`Import::begin`]); the flags `--sheet`, `--dry-run`,
//! `--strict`, `--update` and `--errors` mean the same for every import
//! ([`Flags`]), and every import reports through [`ImportReport`].
//! docs/adding-a-command.md walks through adding one.

pub mod pipeline;
#[doc(hidden)]
pub mod probe;
mod report;
mod seen;

use std::path::{Path, PathBuf};

use crate::db::sql::Connection;

pub use report::{ImportReport, Refused, RowError, reasons_text};
pub use seen::{MixU64, PackedMap, Seen, pack};

use crate::error::Result;
use crate::history::{Change, Who};
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::sheet::write::{Allowed, OutFormat};
use crate::sheet::{Cell, Layout, Progress, Record, Table, Workbook};

/// What every import is asked to do, besides its own options.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// The sheet to read; by default the template's sheet, else the first.
    pub sheet: Option<String>,
    /// Check and report everything, write nothing.
    pub dry_run: bool,
    /// Write nothing if any row is refused.
    pub strict: bool,
    /// Existing records take the file's values where they differ; without
    /// it such rows are skipped with a note.
    pub update: bool,
    /// Where the refused rows go, written before anything is committed.
    pub errors: Option<PathBuf>,
    /// The language of the reasons in the errors file.
    pub lang: Lang,
    /// The template's dropdowns by column label, which the errors file
    /// keeps on the columns of the same headers.
    pub dropdowns: Vec<(&'static str, Allowed)>,
}

impl Flags {
    /// Refuses a bad errors file name before any work is done.
    pub fn check(&self) -> Result<()> {
        if let Some(p) = &self.errors {
            OutFormat::for_path(p)?;
        }
        Ok(())
    }
}

/// A problem with a row: at a column of the template (by its index in the
/// layout), or at a place of its own (a row of another sheet).
#[derive(Debug, Clone)]
pub enum At {
    Column(usize),
    Cell {
        sheet: &'static str,
        row: u32,
        column: String,
    },
}

/// A problem found in a row.
pub type Problem = (At, Msg);

/// What the check of one input unit (a row, or a person's rows) found.
pub struct Checked<R> {
    /// The sheet, for imports of several sheets.
    pub sheet: Option<&'static str>,
    pub row: u32,
    /// The row as it was, for the errors file.
    pub cells: Vec<Cell>,
    /// The row's value, when it passed its checks.
    pub value: Option<R>,
    pub problems: Vec<Problem>,
}

/// A row check, run on another core than the writer.
pub type Check<I, R> = Box<dyn FnMut(I) -> Checked<R> + Send>;

/// The check of one-sheet templates: the cells of a [`Record`], problems
/// by layout column.
pub fn record_check<R: Send + 'static>(
    mut f: impl FnMut(&Record, &mut Vec<(usize, Msg)>) -> Option<R> + Send + 'static,
) -> Check<Record, R> {
    Box::new(move |rec: Record| {
        let mut problems = Vec::new();
        let value = f(&rec, &mut problems);
        Checked {
            sheet: None,
            row: rec.row,
            cells: rec.cells,
            value: if problems.is_empty() { value } else { None },
            problems: problems
                .into_iter()
                .map(|(c, m)| (At::Column(c), m))
                .collect(),
        }
    })
}

/// What happened to one good row.
#[derive(Debug)]
pub enum Written {
    Created,
    Updated,
    /// Nothing changed; with a note when the row says something the
    /// import did not apply (it differs, and `--update` was not given).
    Skipped(Option<(usize, Msg)>),
    /// Refused by what the database holds.
    Refused(Vec<Problem>),
    /// Kept for [`Writer::finish`], which judges the rows together (a
    /// table that is imported whole or not at all) and counts them.
    Held,
}

/// The input of an import: its units, with what messages need to know.
pub struct Source<I> {
    pub units: Box<dyn Iterator<Item = Result<I>> + Send>,
    /// How far reading has got, in the reader's unit.
    pub progress: Progress,
    pub header_row: u32,
    /// The header row as written (for the errors file).
    pub headers: Vec<String>,
    /// The header of each layout column as written (what messages call it).
    pub columns: Vec<String>,
    pub unknown_columns: Vec<String>,
    /// What a person should know about the file itself (columns it lacks).
    pub warnings: Vec<Msg>,
}

impl Source<Record> {
    /// The records of a one-sheet template: the sheet `--sheet` names, else
    /// the layout's, else the first, with its header found.
    pub fn records(book: &Workbook, flags: &Flags, layout: &Layout) -> Result<Source<Record>> {
        Ok(Source::table(book.table(flags.sheet.as_deref(), layout)?))
    }

    /// The records of a one-sheet template, from its table.
    pub fn table(table: Table) -> Source<Record> {
        Source {
            progress: table.progress(),
            header_row: table.header_row,
            headers: table.headers.clone(),
            columns: table.layout_headers(),
            unknown_columns: table.unknown_columns.clone(),
            warnings: Vec::new(),
            units: Box::new(table),
        }
    }
}

impl<I: Send + 'static> Source<I> {
    /// The units of a workbook read whole while it was opened (a person's
    /// rows across its sheets), with what a person should know about the
    /// file; reading them is counted as they are taken.
    pub fn units(units: Vec<I>, warnings: Vec<Msg>) -> Source<I> {
        let reading = Progress::default();
        reading.set_total(units.len() as u64);
        let counter = reading.clone();
        let units = units.into_iter().enumerate().map(move |(n, u)| {
            counter.set_done(n as u64);
            Ok(u)
        });
        Source {
            units: Box::new(units),
            progress: reading,
            header_row: 0,
            headers: Vec::new(),
            columns: Vec::new(),
            unknown_columns: Vec::new(),
            warnings,
        }
    }
}

/// The warning about a sheet's columns that no column of its layout names,
/// for imports of several sheets.
pub fn unknown_columns(sheet: &str, columns: &[String]) -> Msg {
    let cols = columns.join(", ");
    msg!(
        "工作表 {sheet}:忽略不认识的列 {cols}",
        "sheet {sheet}: ignored unknown columns {cols}"
    )
}

/// An importer of a one-sheet template: its layout is what
/// [`Import::open`] reads with and what the row check alone
/// ([`probe::rows`]) takes made-up rows in, so the two cannot differ.
pub trait OneSheet: Import<Input = Record> {
    /// The layout of the sheet, as [`Import::open`] chose it.
    fn layout(&self) -> &'static Layout;

    /// [`Import::open`] of a one-sheet template: its records.
    fn records(&self, book: &Workbook, flags: &Flags) -> Result<Source<Record>> {
        Source::records(book, flags, self.layout())
    }
}

/// What [`Import::begin`] returns: the row check and the writer.
pub type Begun<'t, I> = (
    Check<<I as Import>::Input, <I as Import>::Row>,
    <I as Import>::Writer<'t>,
);

/// One importer: its template, its row check and its row write.
pub trait Import {
    /// One unit of input: a row ([`Record`]), or a person's rows.
    type Input: Send + 'static;
    /// A unit that passed its own checks.
    type Row: Send + 'static;
    /// What the import leaves besides its report (issued passwords, …).
    type Done: Default;
    type Writer<'t>: Writer<Row = Self::Row, Done = Self::Done>
    where
        Self: 't;

    /// Finds the template in the workbook (and remembers which, for
    /// importers that take more than one). Importers that read the whole
    /// workbook here report their progress through `progress`.
    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Self::Input>>;

    /// Whether any refused row holds back the whole import, as if
    /// `--strict` were always given (a table that only makes sense whole).
    fn all_or_nothing(&self) -> bool {
        false
    }

    /// Inside the transaction: loads what the checks need and returns the
    /// row check (run on another core) and the writer.
    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        flags: &Flags,
    ) -> Result<Begun<'t, Self>>;
}

/// The database side of an import.
pub trait Writer: Sized {
    type Row;
    type Done: Default;

    /// Writes one good row.
    fn write(&mut self, row: Self::Row) -> Result<Written>;

    /// How many good rows [`Writer::write_batch`] takes at once: 1 (the
    /// default) writes row by row.
    fn batch_size(&self) -> usize {
        1
    }

    /// Writes a run of good rows, in file order, and says what happened to
    /// each, in the same order. By default one [`Writer::write`] each; a
    /// writer that loads in bulk (PostgreSQL's COPY, writes sorted by key)
    /// overrides it.
    fn write_batch(&mut self, rows: Vec<Self::Row>) -> Result<Vec<Written>> {
        rows.into_iter().map(|r| self.write(r)).collect()
    }

    /// After the last row, before the decision to commit: checks across
    /// rows (which may refuse rows after all, naming their columns by
    /// `columns`). By default nothing.
    fn finish(&mut self, _report: &mut ImportReport, _columns: &[String]) -> Result<()> {
        Ok(())
    }

    /// Once the decision to commit is made: the work that only a
    /// committed import does (issuing passwords), before the commit. By
    /// default nothing.
    fn done(
        self,
        _commit: bool,
        _report: &mut ImportReport,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Self::Done> {
        Ok(Self::Done::default())
    }
}

/// How often, in units, progress is reported.
const PROGRESS_EVERY: usize = 1024;

/// Runs an import. `progress` gets (done, total) in the reader's unit;
/// `before_commit` sees the report and what the writer left, after the
/// errors file is written and before anything is committed: if either
/// fails, nothing is imported.
pub fn run<I: Import>(
    conn: &mut Connection,
    path: &Path,
    flags: &Flags,
    who: &Who,
    importer: &mut I,
    progress: &(dyn Fn(u64, u64) + Sync),
    before_commit: &mut dyn FnMut(&ImportReport, &I::Done) -> Result<()>,
) -> Result<(ImportReport, I::Done)> {
    // On a server, two imports that create the same people in opposite
    // orders at the same moment wait for each other; the server breaks the
    // deadlock by ending one of them, which wrote nothing. That one runs
    // again from the start, alone: it waits for the imports under way to
    // commit (see `ALONE`), and then finds their people there.
    let asked = Asked {
        path,
        flags,
        who,
        progress,
    };
    let mut alone = false;
    loop {
        match attempt(conn, &asked, importer, before_commit, alone) {
            Err(e) if e.is_transient() && !alone => alone = true,
            done => return done,
        }
    }
}

/// The server's advisory lock that imports hold shared while they run: an
/// import run again after a deadlock takes it alone, so that it waits for
/// the others and cannot meet them again.
const ALONE: i64 = 7_373_658;

/// What [`run`] was asked, the same for every attempt.
struct Asked<'a> {
    path: &'a Path,
    flags: &'a Flags,
    who: &'a Who,
    progress: &'a (dyn Fn(u64, u64) + Sync),
}

/// One run of an import in one transaction (see [`run`]).
fn attempt<I: Import>(
    conn: &mut Connection,
    asked: &Asked<'_>,
    importer: &mut I,
    before_commit: &mut dyn FnMut(&ImportReport, &I::Done) -> Result<()>,
    alone: bool,
) -> Result<(ImportReport, I::Done)> {
    let Asked {
        path,
        flags,
        who,
        progress,
    } = *asked;
    flags.check()?;
    let book = Workbook::open(path)?;
    let source = importer.open(&book, flags, progress)?;
    let mut report = ImportReport {
        file: path.to_path_buf(),
        header_row: source.header_row,
        headers: source.headers,
        unknown_columns: source.unknown_columns,
        warnings: source.warnings,
        ..ImportReport::default()
    };
    let columns = source.columns;
    let reader = source.progress;
    let tx = crate::db::write(conn)?;
    crate::db::features::lock_transaction(&tx, ALONE, alone)?;
    let change = Change::begin(&tx, who)?;
    let (mut check, mut writer) = importer.begin(&tx, change, flags)?;
    // A row's cells are kept only for the errors file: dropping them on
    // the checking thread keeps the writer free of their deallocation.
    let keep_cells = flags.errors.is_some();
    let batch_size = writer.batch_size().max(1);
    // While the writer writes a batch, the checks go on with the next two.
    let checked = pipeline::map(
        source.units,
        2 * batch_size,
        move |unit: Result<I::Input>| {
            unit.map(|unit| {
                let mut c = check(unit);
                if !keep_cells && c.problems.is_empty() {
                    c.cells = Vec::new();
                }
                c
            })
        },
    );
    let mut batch = Batch::default();
    for (n, unit) in checked.enumerate() {
        let c = unit?;
        report.rows += 1;
        if n % PROGRESS_EVERY == 0 {
            let (done, total) = reader.get();
            progress(done, total);
        }
        batch.push(c);
        if batch.values.len() >= batch_size {
            batch.flush(&mut writer, &mut report, &columns)?;
        }
    }
    batch.flush(&mut writer, &mut report, &columns)?;
    let (_, total) = reader.get();
    progress(total, total);
    writer.finish(&mut report, &columns)?;
    let strict = flags.strict || importer.all_or_nothing();
    let commit = report.commits(flags.dry_run, strict);
    let done = writer.done(commit, &mut report, progress)?;
    report.written = commit;
    if !keep_cells {
        for r in &mut report.refused {
            r.cells = Vec::new();
        }
    }
    // An errors file only when there is something in it: an empty one
    // would say that rows were refused.
    if let Some(p) = flags.errors.as_ref().filter(|_| !report.refused.is_empty()) {
        report.write_errors(p, flags.lang, &flags.dropdowns)?;
    }
    before_commit(&report, &done)?;
    if commit {
        tx.commit()?;
    }
    Ok((report, done))
}

/// Checked units waiting for their good rows to be written together, in
/// file order.
struct Batch<R> {
    units: Vec<Pending>,
    values: Vec<R>,
}

/// A checked unit in a [`Batch`], without its value.
struct Pending {
    sheet: Option<&'static str>,
    row: u32,
    cells: Vec<Cell>,
    problems: Vec<Problem>,
    /// Whether its value is in the batch, to be written.
    writes: bool,
}

impl<R> Default for Batch<R> {
    fn default() -> Self {
        Batch {
            units: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<R> Batch<R> {
    fn push(&mut self, c: Checked<R>) {
        let value = c.value.filter(|_| c.problems.is_empty());
        let writes = value.is_some();
        self.values.extend(value);
        self.units.push(Pending {
            sheet: c.sheet,
            row: c.row,
            cells: c.cells,
            problems: c.problems,
            writes,
        });
    }

    /// Writes the good rows and reports every unit, in order.
    fn flush<W: Writer<Row = R>>(
        &mut self,
        writer: &mut W,
        report: &mut ImportReport,
        columns: &[String],
    ) -> Result<()> {
        let values = std::mem::take(&mut self.values);
        let n = values.len();
        let outcomes = if n == 0 {
            Vec::new()
        } else {
            writer.write_batch(values)?
        };
        assert_eq!(outcomes.len(), n, "a writer answers for every row");
        let mut outcomes = outcomes.into_iter();
        for p in self.units.drain(..) {
            let mut problems = p.problems;
            let outcome = if p.writes { outcomes.next() } else { None };
            match outcome {
                Some(Written::Created) => report.imported += 1,
                Some(Written::Updated) => report.updated += 1,
                Some(Written::Skipped(note)) => {
                    report.skipped += 1;
                    if let Some((col, message)) = note {
                        report.notes.push(RowError {
                            sheet: p.sheet,
                            row: p.row,
                            column: columns.get(col).cloned().unwrap_or_default(),
                            message,
                        });
                    }
                }
                Some(Written::Refused(refusal)) => problems = refusal,
                Some(Written::Held) | None => {}
            }
            if !problems.is_empty() {
                refuse(report, columns, p.sheet, p.row, p.cells, problems);
            }
        }
        Ok(())
    }
}

/// Records a refused unit; its problems at places of their own become
/// refusals of their rows.
fn refuse(
    report: &mut ImportReport,
    columns: &[String],
    sheet: Option<&'static str>,
    row: u32,
    cells: Vec<Cell>,
    problems: Vec<Problem>,
) {
    let mut here = Vec::new();
    let mut elsewhere: Vec<(&'static str, u32, String, Msg)> = Vec::new();
    for (at, m) in problems {
        match at {
            At::Column(col) => here.push((columns.get(col).cloned().unwrap_or_default(), m)),
            At::Cell { sheet, row, column } => elsewhere.push((sheet, row, column, m)),
        }
    }
    if here.is_empty() && elsewhere.is_empty() {
        return;
    }
    if !here.is_empty() || sheet.is_none() {
        report.reject(sheet, row, cells, here);
    } else {
        // Counted once, as the refusal of the unit it belongs to.
        report.rejected += 1;
    }
    for (sheet, row, column, m) in elsewhere {
        report.errors.push(RowError {
            sheet: Some(sheet),
            row,
            column,
            message: m.clone(),
        });
        report.refused.push(Refused {
            sheet: Some(sheet),
            row,
            cells: Vec::new(),
            reasons: vec![m],
        });
    }
}
