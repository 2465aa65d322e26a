//! Made-up rows for the row check of every importer: bytes (a fuzzer's, or
//! a seeded generator's) decoded into rows of cells — values each column
//! of the template takes, the same values damaged, and numbers, dates,
//! empties and odd or long text — and given to the importer's row check
//! alone (`check_rows` / `check_workbook`, on a database holding a few
//! organisations, people and a recruitment batch, so that rows get past
//! "unknown person"). Whatever the cells, each row must come back either
//! as a row to write or refused with reasons that name a column of the
//! template; a panic, an error or a row that vanishes is a finding.
//!
//! With ROWS_DEBUG set, every reason is printed (to see how far rows get).
//!
//! Shared by `tests/cli/rows.rs` (CI) and the fuzz targets `fuzz/fuzz_targets/row_*.rs`
//! (docs/reliability.md).

#![allow(dead_code)]

use arbitrary::{Result, Unstructured};
use chrono::{Datelike, Duration, NaiveDate};
use meded::account::Role;
use meded::db::sql::Connection;
use meded::history::Who;
use meded::import::probe::{FIRST_ROW, Verdict};
use meded::import::{At, Flags};
use meded::sheet::{Cell, Layout};
use meded::template::{Allowed, ColumnSpec, SheetSpec};
use tempfile::TempDir;

/// Every importer, by the name of its template (`meded template NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Importer {
    /// `account import`, each role's roster.
    Account,
    /// `training import`, 培训信息.
    Training,
    /// `training import`, 结业信息 (early completers).
    Completion,
    Profile,
    Credit,
    CreditStandard,
    Teacher,
    TeacherEvent,
    Rotation,
    RotationAssign,
    Archive,
    RecruitPlan,
    Application,
}

impl Importer {
    pub const ALL: [Importer; 13] = [
        Importer::Account,
        Importer::Training,
        Importer::Completion,
        Importer::Profile,
        Importer::Credit,
        Importer::CreditStandard,
        Importer::Teacher,
        Importer::TeacherEvent,
        Importer::Rotation,
        Importer::RotationAssign,
        Importer::Archive,
        Importer::RecruitPlan,
        Importer::Application,
    ];

    pub fn template(self) -> &'static str {
        match self {
            Importer::Account => "account",
            Importer::Training => "training",
            Importer::Completion => "completion",
            Importer::Profile => "profile",
            Importer::Credit => "credit",
            Importer::CreditStandard => "credit-standard",
            Importer::Teacher => "teacher",
            Importer::TeacherEvent => "teacher-event",
            Importer::Rotation => "rotation",
            Importer::RotationAssign => "rotation-assign",
            Importer::Archive => "archive",
            Importer::RecruitPlan => "recruit-plan",
            Importer::Application => "application",
        }
    }

    /// Whether the rows reach the check through a workbook (the importers
    /// that gather a person's rows across sheets while reading).
    fn reads_workbook(self) -> bool {
        matches!(self, Importer::Profile | Importer::Archive)
    }
}

/// The layout whose columns the rows of a one-sheet importer follow.
fn layout(importer: Importer, role: Role) -> &'static Layout {
    match importer {
        Importer::Account => meded::account::import::layout(role),
        Importer::Training => &meded::training::layout::TRAINING_LAYOUT,
        Importer::Completion => &meded::training::layout::COMPLETION_LAYOUT,
        Importer::Credit => &meded::credit::import::CREDIT_LAYOUT,
        Importer::CreditStandard => &meded::standard::import::STANDARD_LAYOUT,
        Importer::Teacher => &meded::teacher::import::TEACHER_LAYOUT,
        Importer::TeacherEvent => &meded::teacher::events::EVENT_LAYOUT,
        Importer::Rotation => &meded::rotation::import::ROTATION_LAYOUT,
        Importer::RotationAssign => &meded::rotation::assign::ASSIGN_LAYOUT,
        Importer::RecruitPlan => &meded::recruit::plan::PLAN_LAYOUT,
        Importer::Application => &meded::recruit::apply::APPLICATION_LAYOUT,
        Importer::Profile | Importer::Archive => unreachable!("read from a workbook"),
    }
}

/// `n` bytes made from `seed` (SplitMix64): the same every run, with no
/// random-number crate (the fuzz targets share this file).
fn seeded_bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed;
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.extend((z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(n);
    out
}

/// What the checks made of the rows given.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Rows given (in all sheets, for a workbook).
    pub rows: usize,
    /// Units (rows, or people of a workbook) that passed, and that were refused.
    pub passed: usize,
    pub refused: usize,
}

/// "Today" for every check: fixed, so that runs repeat.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).expect("a date")
}

/// GB 11643: a valid 居民身份证 number from its first 17 digits.
fn resident_card(first17: &str) -> String {
    let c = meded::rules::id::check_char(first17.as_bytes());
    format!("{first17}{c}")
}

/// One person the database holds.
#[derive(Debug, Clone)]
struct Person {
    id: String,
    name: String,
}

fn people(role: &str, n: u32, birth: &str) -> Vec<Person> {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    (1..=n)
        .map(|i| Person {
            id: resident_card(&format!("510107{birth}{i:03}")),
            name: format!("{role}{}", DIGITS[i as usize % 10]),
        })
        .collect()
}

/// A database with two bases (H001, H002) and a CME institution (M001),
/// residents and teachers at H001, members at M001, applicants, and an
/// open recruitment batch.
pub struct World {
    dir: TempDir,
    conn: Connection,
    residents: Vec<Person>,
    members: Vec<Person>,
    teachers: Vec<Person>,
    applicants: Vec<Person>,
    /// Every ID number and name above.
    everyone: Vec<Person>,
    /// Values some column of some template takes: what a damaged file
    /// puts in the wrong column.
    vocabulary: Vec<&'static str>,
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut conn = meded::db::open(&dir.path().join("rows.db")).expect("a new database");
        let who = Who::new("tester", "row checks");
        for (code, name, kind) in [
            ("H001", "四川大学华西医院", meded::org::OrgKind::Base),
            ("H002", "四川省人民医院", meded::org::OrgKind::Base),
            ("M001", "成都市第一人民医院", meded::org::OrgKind::Cme),
        ] {
            let new = meded::org::NewOrg {
                code: code.into(),
                name: name.into(),
                province: Some("51".into()),
                kind: Some(kind),
                region_level: (kind == meded::org::OrgKind::Cme).then(|| "省级".into()),
                ..Default::default()
            };
            meded::org::add(&mut conn, &new, &who).expect("an organisation");
        }
        let mut w = World {
            residents: people("学员", 6, "19950101"),
            members: people("会员", 4, "19800101"),
            teachers: people("老师", 4, "19700101"),
            applicants: people("考生", 4, "20000101"),
            everyone: Vec::new(),
            vocabulary: Vec::new(),
            dir,
            conn,
        };
        let roster = |p: &Person, year: &str| {
            [
                year,
                &p.name,
                "居民身份证",
                &p.id,
                "13900000001",
                "内科",
                "主治医师",
                "someone@example.cn",
                "是",
                "省级",
            ]
            .map(String::from)
            .to_vec()
        };
        let residents: Vec<_> = w.residents.iter().map(|p| roster(p, "2023")).collect();
        let members: Vec<_> = w.members.iter().map(|p| roster(p, "")).collect();
        let teachers: Vec<_> = w.teachers.iter().map(|p| roster(p, "")).collect();
        let applicants: Vec<_> = w.applicants.iter().map(|p| roster(p, "")).collect();
        w.accounts(Role::Resident, Some("H001"), &residents);
        w.accounts(Role::Member, Some("M001"), &members);
        w.accounts(Role::Teacher, Some("H001"), &teachers);
        w.accounts(Role::Applicant, None, &applicants);
        let batch = meded::recruit::batch::NewBatch {
            year: 2025,
            name: "第一批".into(),
            opens: "2025-01-01".into(),
            closes: "2025-06-30".into(),
        };
        meded::recruit::batch::open(&mut w.conn, &batch, &who).expect("a recruitment batch");
        w.everyone = [&w.residents, &w.members, &w.teachers, &w.applicants]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let mut vocabulary = Vec::new();
        for importer in Importer::ALL {
            for role in [Role::Resident, Role::Member] {
                let t = meded::template::get(importer.template(), role).expect("a template");
                for sheet in &t.sheets {
                    for c in &sheet.columns {
                        vocabulary.push(c.label);
                        if let Some(Allowed::List(v) | Allowed::Suggest(v)) = &c.allowed {
                            vocabulary.extend(v.iter().take(40));
                        }
                    }
                }
            }
        }
        vocabulary.sort_unstable();
        vocabulary.dedup();
        w.vocabulary = vocabulary;
        w
    }

    fn accounts(&mut self, role: Role, org: Option<&str>, rows: &[Vec<String>]) {
        let header = [
            "招收年份",
            "姓名",
            "证件类型",
            "证件号码",
            "手机号码",
            "科室",
            "技术职称",
            "电子邮箱",
            "参加继教",
            "学分达标遵照",
        ];
        let mut text = header.join(",") + "\n";
        for r in rows {
            text += &(r.join(",") + "\n");
        }
        let path = self.dir.path().join(format!("{}.csv", role.key()));
        std::fs::write(&path, text).expect("a roster written");
        let opts = meded::account::import::ImportOptions {
            org: org.map(String::from),
            role,
            random_passwords: false,
            override_lock: false,
            approve: true,
            today: today(),
        };
        let (report, _) = meded::account::import::import(
            &mut self.conn,
            &path,
            &opts,
            &Flags::default(),
            &Who::new("tester", "row checks"),
            &|_, _| {},
            &mut |_, _| Ok(()),
        )
        .expect("the roster imported");
        assert_eq!(report.imported as usize, rows.len(), "{:?}", report.errors);
    }

    /// Decodes `data` into rows for `importer`, runs its row check on them
    /// and judges what came back (panicking on a finding).
    pub fn check(&mut self, importer: Importer, data: &[u8]) -> Tally {
        let mut u = Unstructured::new(data);
        let role = match importer {
            Importer::Account => *u
                .choose(&[Role::Resident, Role::Member, Role::Teacher, Role::Applicant])
                .unwrap_or(&Role::Resident),
            _ => Role::Resident,
        };
        let template = meded::template::get(importer.template(), role).expect("a template");
        if importer.reads_workbook() {
            self.check_workbook(importer, &template.sheets, &mut u)
        } else {
            self.check_records(importer, role, &mut u)
        }
    }

    fn check_records(&mut self, importer: Importer, role: Role, u: &mut Unstructured) -> Tally {
        let columns = World::columns(importer, role);
        let rows = self.rows(&columns, u, 512);
        let n = rows.len();
        let shown = rows.clone();
        let verdicts = self.verdicts(importer, role, rows);
        assert_eq!(verdicts.len(), n, "{importer:?}: one verdict per row");
        let mut tally = Tally {
            rows: n,
            ..Tally::default()
        };
        for (v, (row, cells)) in verdicts.iter().zip((FIRST_ROW..).zip(&shown)) {
            assert_eq!(v.row, row, "{importer:?}: rows in order");
            judge(importer, v, &[(None, columns.len())], cells, &mut tally);
        }
        tally
    }

    /// The template's columns of a one-sheet importer in the order of its
    /// layout (a template leaves out the columns a role does not use; those
    /// come back unmarked).
    pub fn columns(importer: Importer, role: Role) -> Vec<ColumnSpec> {
        let template = meded::template::get(importer.template(), role).expect("a template");
        let sheet = &template.sheets[0];
        layout(importer, role)
            .columns
            .iter()
            .map(|c| {
                let spec = sheet.columns.iter().find(|s| s.label == c.label);
                spec.cloned().unwrap_or(ColumnSpec {
                    label: c.label,
                    marker: if c.required { "*" } else { "" },
                    allowed: None,
                    text: false,
                    note: None,
                })
            })
            .collect()
    }

    /// Whether the template of a one-sheet importer has this column.
    pub fn in_template(importer: Importer, role: Role, label: &str) -> bool {
        meded::template::get(importer.template(), role)
            .expect("a template")
            .sheets[0]
            .columns
            .iter()
            .any(|c| c.label == label)
    }

    /// The folder of the database and of the files tests write.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The database file, for the `meded` binary.
    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("rows.db")
    }

    /// The `nth` row of a one-sheet importer that its check passes, with
    /// every column the template has filled in, made from seeded bytes.
    /// `yes` answers every 是否 (是: the `#` columns filled too).
    pub fn good_row(&mut self, importer: Importer, role: Role, yes: bool, nth: usize) -> Vec<Cell> {
        let columns = World::columns(importer, role);
        let mut found = 0;
        for seed in 0u32..4000 {
            let data = seeded_bytes(u64::from(seed), 4096);
            let mut u = Unstructured::new(&data);
            let Ok(mut row) = self.full_row(importer, role, &columns, &mut u, yes) else {
                continue;
            };
            for (i, c) in columns.iter().enumerate() {
                // Columns not marked * kept or left out by the seed's bits (a
                // teacher event fills the columns of its kind only), every
                // other seed keeping all of them.
                let drop = seed % 2 == 1 && (seed >> (1 + i % 24)) & 1 == 1;
                if !World::in_template(importer, role, c.label) || (c.marker != "*" && drop) {
                    row[i] = Cell::Empty;
                }
            }
            let v = self.verdicts(importer, role, vec![row.clone()]);
            if v[0].passed {
                if found == nth {
                    return row;
                }
                found += 1;
            }
        }
        panic!("{importer:?} ({role:?}): no made-up row passes its check");
    }

    /// The people whose rows an importer takes.
    fn pool(&self, importer: Importer, role: Role) -> &[Person] {
        match (importer, role) {
            (Importer::Account, Role::Member) | (Importer::Credit | Importer::Archive, _) => {
                &self.members
            }
            (Importer::Account, Role::Teacher)
            | (Importer::Teacher | Importer::TeacherEvent, _) => &self.teachers,
            (Importer::Account, Role::Applicant) | (Importer::Application, _) => &self.applicants,
            _ => &self.residents,
        }
    }

    /// One undamaged row with every column filled (the optional ones too).
    fn full_row(
        &self,
        importer: Importer,
        role: Role,
        columns: &[ColumnSpec],
        u: &mut Unstructured,
        yes: bool,
    ) -> Result<Vec<Cell>> {
        let person = u.choose(self.pool(importer, role))?.clone();
        self.full_row_of(&person, columns, u, yes)
    }

    /// [`World::full_row`] of this person.
    fn full_row_of(
        &self,
        person: &Person,
        columns: &[ColumnSpec],
        u: &mut Unstructured,
        yes: bool,
    ) -> Result<Vec<Cell>> {
        let person = person.clone();
        let teacher = u.choose(&self.teachers)?.clone();
        // In the year the world's residents were recruited.
        let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date")
            + Duration::days(u.int_in_range(0i64..=300)?);
        // Ended before today().
        let end = start + Duration::days(u.int_in_range(30i64..=400)?);
        let row = Row {
            person,
            teacher,
            start,
            end,
            yes,
            bare: false,
        };
        columns
            .iter()
            .map(|c| {
                // The year of the row's period, as a file of one year has it.
                if c.label.contains("年份") || c.label.contains("年度") {
                    return Ok(Cell::Int(row.start.year().into()));
                }
                if c.label.contains("邮政编码") {
                    return Ok(Cell::Text("610041".into()));
                }
                // No image files beside the workbook: none named.
                if c.marker != "*" && (c.label.contains("照片") || c.label.contains("原件")) {
                    return Ok(Cell::Empty);
                }
                self.fitting(u, c, &row)
            })
            .collect()
    }

    /// What the row check of a one-sheet importer makes of `rows` (cells
    /// in the order of its layout).
    pub fn verdicts(
        &mut self,
        importer: Importer,
        role: Role,
        rows: Vec<Vec<Cell>>,
    ) -> Vec<Verdict> {
        let conn = &mut self.conn;
        let today = today();
        let shown = rows.clone();
        let verdicts = match importer {
            Importer::Account => {
                let opts = meded::account::import::ImportOptions {
                    org: match role {
                        Role::Applicant => None,
                        Role::Member => Some("M001".into()),
                        _ => Some("H001".into()),
                    },
                    role,
                    random_passwords: false,
                    override_lock: false,
                    approve: false,
                    today,
                };
                meded::account::import::check_rows(conn, &opts, rows)
            }
            Importer::Training | Importer::Completion => {
                use meded::training::import::{Template, TrainingImportOptions, check_rows};
                let opts = TrainingImportOptions {
                    org: "H001".into(),
                    override_lock: false,
                    today,
                };
                let template = if importer == Importer::Training {
                    Template::Training
                } else {
                    Template::Completion
                };
                check_rows(conn, &opts, template, rows)
            }
            Importer::Credit => {
                use meded::credit::import::{ImportOptions, check_rows};
                let opts = ImportOptions {
                    approve: false,
                    today,
                };
                check_rows(conn, &opts, rows)
            }
            Importer::CreditStandard => {
                use meded::standard::import::{ImportOptions, check_rows};
                let opts = ImportOptions {
                    today,
                    province: Some("51".into()),
                };
                check_rows(conn, &opts, rows)
            }
            Importer::Teacher => {
                use meded::teacher::import::{ImportOptions, check_rows};
                let opts = ImportOptions {
                    org: "H001".into(),
                    today,
                };
                check_rows(conn, &opts, rows)
            }
            Importer::TeacherEvent => {
                use meded::teacher::events::{ImportOptions, check_rows};
                let opts = ImportOptions {
                    org: "H001".into(),
                    today,
                };
                check_rows(conn, &opts, rows)
            }
            Importer::Rotation => {
                use meded::rotation::import::{ImportOptions, check_rows};
                let opts = ImportOptions { org: "H001".into() };
                check_rows(conn, &opts, rows)
            }
            Importer::RotationAssign => {
                use meded::rotation::assign::check_rows;
                check_rows(conn, "H001", rows)
            }
            Importer::RecruitPlan => {
                use meded::recruit::plan::check_rows;
                check_rows(conn, rows)
            }
            Importer::Application => {
                use meded::recruit::apply::{ImportOptions, check_rows};
                let now = meded::recruit::Now(today.and_hms_opt(10, 0, 0).expect("a moment"));
                let opts = ImportOptions { batch: None, now };
                check_rows(conn, &opts, rows)
            }
            Importer::Profile | Importer::Archive => unreachable!("read from a workbook"),
        };
        verdicts
            .unwrap_or_else(|e| panic!("{importer:?}: the row check failed ({e:?}) on\n{shown:#?}"))
    }

    fn check_workbook(
        &mut self,
        importer: Importer,
        sheets: &[SheetSpec],
        u: &mut Unstructured,
    ) -> Tally {
        let rows: Vec<Vec<Vec<Cell>>> = sheets
            .iter()
            .map(|sheet| self.rows(&sheet.columns, u, 256))
            .collect();
        let n = rows.iter().map(Vec::len).sum();
        let verdicts = self.workbook_verdicts(importer, sheets, rows);
        let sizes: Vec<(Option<&str>, usize)> = sheets
            .iter()
            .map(|s| (Some(s.name), s.columns.len()))
            .collect();
        let mut tally = Tally {
            rows: n,
            ..Tally::default()
        };
        for v in &verdicts {
            judge(importer, v, &sizes, &[], &mut tally);
        }
        tally
    }

    /// What the row check of a workbook importer makes of a workbook with
    /// these rows on these sheets (cells in the order of each sheet's
    /// template columns).
    pub fn workbook_verdicts(
        &mut self,
        importer: Importer,
        sheets: &[SheetSpec],
        rows: Vec<Vec<Vec<Cell>>>,
    ) -> Vec<Verdict> {
        let folder = self.dir.path().join("book");
        std::fs::create_dir_all(&folder).expect("a folder");
        let path = folder.join("book.xlsx");
        let headers: Vec<Vec<&str>> = sheets
            .iter()
            .map(|s| s.columns.iter().map(|c| c.label).collect())
            .collect();
        let specs: Vec<(&str, &[&str])> = sheets
            .iter()
            .zip(&headers)
            .map(|(s, h)| (s.name, h.as_slice()))
            .collect();
        let mut book = meded::sheet::write::BookWriter::create(&path, &specs).expect("a workbook");
        let mut all = Vec::new();
        for (i, (sheet, rows)) in sheets.iter().zip(rows).enumerate() {
            for row in rows {
                book.write_row(i, &row).expect("a row written");
                all.push((sheet.name, row));
            }
        }
        book.finish().expect("the workbook written");
        let conn = &mut self.conn;
        let verdicts = match importer {
            Importer::Profile => {
                let opts = meded::profile::import::ImportOptions {
                    org: Some("H001".into()),
                    today: today(),
                };
                meded::profile::import::check_workbook(conn, &opts, &path)
            }
            Importer::Archive => {
                let opts = meded::archive::import::ImportOptions {
                    org: Some("M001".into()),
                    today: today(),
                };
                meded::archive::import::check_workbook(conn, &opts, &path)
            }
            _ => unreachable!("rows checked one by one"),
        };
        verdicts
            .unwrap_or_else(|e| panic!("{importer:?}: the row check failed ({e:?}) on\n{all:#?}"))
    }

    /// One row for each sheet of a workbook importer, of one person, that
    /// its check passes whole (made from seeded bytes, the `nth` found).
    pub fn good_workbook(&mut self, importer: Importer, nth: usize) -> Vec<Vec<Cell>> {
        let template =
            meded::template::get(importer.template(), Role::Resident).expect("a template");
        let mut found = 0;
        for seed in 0u32..400 {
            let data = seeded_bytes(u64::from(seed), 8192);
            let mut u = Unstructured::new(&data);
            let Ok(person) = u.choose(self.pool(importer, Role::Resident)).cloned() else {
                continue;
            };
            let rows: Option<Vec<Vec<Cell>>> = template
                .sheets
                .iter()
                .map(|s| {
                    let mut row = self
                        .full_row_of(&person, &s.columns, &mut u, seed % 2 == 0)
                        .ok()?;
                    for (i, c) in s.columns.iter().enumerate() {
                        let drop = seed % 4 >= 2 && (seed >> (2 + i % 24)) & 1 == 1;
                        if c.marker != "*" && drop {
                            row[i] = Cell::Empty;
                        }
                    }
                    Some(row)
                })
                .collect();
            let Some(rows) = rows else { continue };
            let v = self.workbook_verdicts(
                importer,
                &template.sheets,
                rows.iter().map(|r| vec![r.clone()]).collect(),
            );
            if v.iter().all(|v| v.passed) {
                if found == nth {
                    return rows;
                }
                found += 1;
            }
        }
        panic!("{importer:?}: no made-up workbook passes its check");
    }

    /// Up to `max` rows of these columns.
    fn rows(&self, columns: &[ColumnSpec], u: &mut Unstructured, max: usize) -> Vec<Vec<Cell>> {
        let mut rows = Vec::new();
        while !u.is_empty() && rows.len() < max {
            rows.push(self.row(columns, u).unwrap_or_default());
        }
        rows
    }

    /// One row: a person, a period and a value for each column, some of
    /// them damaged (none, one, some or all).
    fn row(&self, columns: &[ColumnSpec], u: &mut Unstructured) -> Result<Vec<Cell>> {
        let person = u.choose(&self.everyone)?.clone();
        let teacher = u.choose(&self.teachers)?.clone();
        let start = NaiveDate::from_ymd_opt(2015, 1, 1).expect("a date")
            + Duration::days(u.int_in_range(0i64..=3650)?);
        let end = start + Duration::days(u.int_in_range(-30i64..=1200)?);
        let row = Row {
            person,
            teacher,
            start,
            end,
            yes: u.ratio(3u8, 4u8)?,
            bare: u.ratio(1u8, 3u8)?,
        };
        let damage: u8 = u.int_in_range(0..=3)?;
        let one = u.choose_index(columns.len().max(1))?;
        let mut cells = Vec::with_capacity(columns.len());
        for (i, col) in columns.iter().enumerate() {
            let damaged = match damage {
                0 => false,
                1 => i == one,
                2 => u.ratio(1u8, 4u8)?,
                _ => true,
            };
            cells.push(if damaged {
                self.damaged(u, col, &row)?
            } else {
                self.fitting(u, col, &row)?
            });
        }
        // Now and then a row shorter or longer than the template.
        match u.int_in_range(0u8..=15)? {
            0 => cells.truncate(u.choose_index(cells.len().max(1))?),
            1 => cells.push(Cell::Text("多余".into())),
            _ => {}
        }
        Ok(cells)
    }

    /// A value the column takes (that may still be refused: a date after
    /// another, a person of another organisation).
    fn fitting(&self, u: &mut Unstructured, col: &ColumnSpec, row: &Row) -> Result<Cell> {
        let label = col.label;
        let text = |s: &str| Cell::Text(s.to_owned());
        // What most rows of the world's files say, so that whole rows pass.
        let usual = u.ratio(7u8, 8u8)?;
        if label.starts_with("是否") {
            return Ok(text(if row.yes { "是" } else { "否" }));
        }
        if col.marker == "#" && !row.yes {
            return Ok(Cell::Empty);
        }
        if usual && (label.contains("证件类型") || label.contains("证件类别")) {
            return Ok(text("居民身份证"));
        }
        if usual && label.contains("省份") {
            return Ok(text("四川"));
        }
        if usual && label.contains("基地") {
            return Ok(text("H001"));
        }
        if usual && label.ends_with("职称") {
            return Ok(text(u.choose(&["主治医师", "副主任医师"])?));
        }
        if label.contains("证号") {
            return Ok(Cell::Text(format!(
                "1105101{:08}",
                u.int_in_range(0..=99_999_999u32)?
            )));
        }
        if col.marker.is_empty() && row.bare {
            return Ok(Cell::Empty);
        }
        if label == "性别" {
            // The 17th digit of the ID number: odd for men.
            let odd = row.person.id.as_bytes()[16] % 2 == 1;
            return Ok(text(if odd { "男" } else { "女" }));
        }
        if label == "出生日期" {
            let id = &row.person.id;
            return Ok(Cell::Text(format!(
                "{}-{}-{}",
                &id[6..10],
                &id[10..12],
                &id[12..14]
            )));
        }
        if label.contains("资格证书编码") {
            return Ok(Cell::Text(format!(
                "200951{:03}{}",
                u.int_in_range(0..=999u16)?,
                row.person.id
            )));
        }
        match &col.allowed {
            Some(Allowed::List(v)) | Some(Allowed::Suggest(v)) if !v.is_empty() => {
                return Ok(text(u.choose(v)?));
            }
            Some(Allowed::Whole(a, b)) => {
                let n = u.int_in_range(*a..=*b)?;
                return Ok(if u.arbitrary()? {
                    Cell::Int(n.into())
                } else {
                    Cell::Text(n.to_string())
                });
            }
            Some(Allowed::Decimal(a, b)) => {
                let (a, b) = (*a, *b);
                let x = a + (b - a) * f64::from(u.int_in_range(0u8..=100)?) / 100.0;
                return Ok(Cell::Float(x));
            }
            _ => {}
        }
        let day = |d: NaiveDate, u: &mut Unstructured| -> Result<Cell> {
            Ok(match u.int_in_range(0u8..=2)? {
                0 => Cell::Date(d),
                1 => Cell::Text(d.format("%Y/%-m/%-d").to_string()),
                _ => Cell::Text(d.format("%Y-%m-%d").to_string()),
            })
        };
        Ok(if label.contains("证件号码") {
            let p = if label.contains("带教老师") {
                &row.teacher
            } else {
                &row.person
            };
            text(&p.id)
        } else if label == "姓名" {
            text(&row.person.name)
        } else if label.contains("带教老师") || label.contains("姓名") {
            text(&row.teacher.name)
        } else if label.contains("手机") || label.contains("电话") {
            Cell::Text(format!("139{:08}", u.int_in_range(0..=99_999_999u32)?))
        } else if label.contains("发放") {
            day(row.end + Duration::days(30), u)?
        } else if label.contains("结束") || label.contains("截止") || label.contains("毕业") {
            day(row.end, u)?
        } else if label == "提交时间" {
            // Inside the world's open recruitment batch, before today().
            Cell::Text(format!("2025-02-{:02} 10:00", u.int_in_range(1..=28u8)?))
        } else if label.contains("日期") || label.contains("时间") || label.contains("开始") {
            day(row.start, u)?
        } else if label.contains("年份") || label.contains("年度") || label.contains("年级") {
            Cell::Int(row.start.year().into())
        } else if label.contains("学分") {
            Cell::Int(u.int_in_range(1..=10)?)
        } else if label.contains("邮箱") {
            Cell::Text(format!("t{}@example.cn", u.int_in_range(0..=99u8)?))
        } else if label.contains("代码") || label.contains("基地") || label.contains("单位") {
            text(u.choose(&["H001", "H002", "M001"])?)
        } else if label.contains("批次") {
            text("第一批")
        } else if label.contains("科室") {
            text(u.choose(&["内科", "心内科", "普外科"])?)
        } else if label.contains("编号") || label.contains("号") {
            Cell::Text(format!("2025-{:04}", u.int_in_range(0..=9999u16)?))
        } else if label.contains("照片") || label.contains("扫描件") || label.contains("图片")
        {
            text(u.choose(&["photo.jpg", "photos/张三.jpg", ""])?)
        } else {
            text(u.choose(&self.vocabulary)?)
        })
    }

    /// A damaged value: another column's, the right value spoiled, or any
    /// cell at all.
    fn damaged(&self, u: &mut Unstructured, col: &ColumnSpec, row: &Row) -> Result<Cell> {
        Ok(match u.int_in_range(0u8..=9)? {
            0 => Cell::Empty,
            1 => Cell::Text(u.choose(&self.vocabulary)?.to_string()),
            2 | 3 => match self.fitting(u, col, row)? {
                Cell::Text(s) => Cell::Text(spoil(u, &s)?),
                Cell::Int(n) => Cell::Float(n as f64 + 0.5),
                Cell::Date(d) => Cell::Int(i64::from(d.num_days_from_ce()) - 693_594),
                other => Cell::Text(spoil(u, &other.display())?),
            },
            4 => Cell::Int(*u.choose(&INTS)?),
            5 => Cell::Float(*u.choose(&FLOATS)?),
            6 => match u.int_in_range(0u8..=3)? {
                0 => Cell::Bool(u.arbitrary()?),
                1 => Cell::Error(u.choose(&["#N/A", "#REF!", "#DIV/0!", ""])?.to_string()),
                _ => Cell::Date(
                    NaiveDate::from_num_days_from_ce_opt(u.int_in_range(-800_000..=3_000_000)?)
                        .unwrap_or(NaiveDate::MAX),
                ),
            },
            7 => Cell::Text(odd(u)?),
            8 => Cell::Int(u.arbitrary()?),
            _ => {
                let s: &str = u.arbitrary()?;
                Cell::Text(s.chars().take(300).collect())
            }
        })
    }
}

/// What the cells of one row share: whose row it is and its period.
struct Row {
    person: Person,
    teacher: Person,
    start: NaiveDate,
    end: NaiveDate,
    /// The answer to every 是否 of the row.
    yes: bool,
    /// The row leaves the optional columns empty.
    bare: bool,
}

const INTS: [i64; 14] = [
    0,
    -1,
    1,
    i64::MIN,
    i64::MAX,
    2019,
    2_100_000,
    20_190_901,
    43_000,
    110_101_199_003_070_011,
    13_912_345_678,
    99_999_999_999_999_999,
    -2019,
    1_000_000_000_000,
];

const FLOATS: [f64; 15] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    -0.0,
    0.5,
    2019.0,
    2019.5,
    1e300,
    -1e-300,
    f64::MIN_POSITIVE,
    1.101_011_990_030_700_2e17,
    43_000.25,
    13_912_345_678.0,
    f64::MAX,
    -45.0,
];

/// Text that has broken programs before: blanks of every kind, full-width
/// digits, astral and combining characters, direction marks, formulas,
/// impossible dates, and text far longer than any field.
fn odd(u: &mut Unstructured) -> Result<String> {
    const ODD: [&str; 28] = [
        "",
        " ",
        "\u{3000}",
        "\t\r\n",
        "\u{FEFF}2019",
        "\u{200B}",
        "２０１９",
        "１１０１０１１９９００３０７００１１",
        "=1+1",
        "'110101199003070011",
        "𠀀𪚥",
        "👨\u{200D}👩\u{200D}👧",
        "e\u{301}\u{301}\u{301}",
        "\u{202E}abc",
        "\0",
        "1e999",
        "-0",
        "0x1F",
        "2020-13-45",
        "2020/02/30",
        "2020年2月30日",
        "9999-99-99 99:99",
        "NaN",
        "null",
        "是否",
        "../../etc/passwd",
        "C:\\photo.jpg",
        "——",
    ];
    Ok(match u.int_in_range(0u8..=5)? {
        0 => "张".repeat(u.int_in_range(50..=2000)?),
        1 => "a1 ".repeat(u.int_in_range(50..=700)?),
        _ => u.choose(&ODD)?.to_string(),
    })
}

/// The text spoiled the way files spoil it: blanks around, full-width
/// digits, a character lost or added, the separators changed.
fn spoil(u: &mut Unstructured, s: &str) -> Result<String> {
    let chars: Vec<char> = s.chars().collect();
    Ok(match u.int_in_range(0u8..=7)? {
        0 => format!(" {s}\u{3000}"),
        1 => s
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
                other => other,
            })
            .collect(),
        2 if !chars.is_empty() => {
            let cut = u.choose_index(chars.len())?;
            chars[..cut].iter().collect()
        }
        3 => format!("{s}{}", u.choose(&["X", "x", "0", "号", "\u{200B}"])?),
        4 => s.replace('-', "/").replace("19", "91"),
        5 => s.to_lowercase(),
        6 => format!("{s}{s}"),
        _ => s.chars().rev().collect(),
    })
}

/// Judges one verdict: a row, or a refusal whose reasons name a column of
/// the template (`sizes`: each sheet's name and column count) in both
/// languages.
fn judge(
    importer: Importer,
    v: &Verdict,
    sizes: &[(Option<&str>, usize)],
    cells: &[Cell],
    tally: &mut Tally,
) {
    let shown = || format!("{importer:?}, row {} ({:?}): {cells:?}", v.row, v.sheet);
    if v.passed {
        assert!(v.problems.is_empty(), "passed with problems: {}", shown());
        tally.passed += 1;
        return;
    }
    assert!(
        !v.problems.is_empty(),
        "refused without a reason: {}",
        shown()
    );
    tally.refused += 1;
    if std::env::var_os("ROWS_DEBUG").is_some() {
        #[allow(clippy::print_stderr)]
        for (at, m) in &v.problems {
            eprintln!("{importer:?} {at:?} {}", m.en);
        }
    }
    for (at, m) in &v.problems {
        assert!(
            !m.zh.trim().is_empty() && !m.en.trim().is_empty(),
            "a reason without words ({m:?}): {}",
            shown()
        );
        match at {
            At::Column(c) => {
                let (_, n) = sizes
                    .iter()
                    .find(|(s, _)| *s == v.sheet)
                    .unwrap_or(&(None, 0));
                assert!(c < n, "a reason at column {c} of {n} ({m:?}): {}", shown());
            }
            At::Cell { sheet, row, column } => {
                assert!(
                    sizes.iter().any(|(s, _)| *s == Some(*sheet)),
                    "a reason on the sheet {sheet} ({m:?}): {}",
                    shown()
                );
                assert!(*row >= FIRST_ROW, "a reason at row {row}: {}", shown());
                assert!(
                    !column.is_empty(),
                    "a reason at no column ({m:?}): {}",
                    shown()
                );
            }
        }
    }
}

thread_local! {
    static WORLD: std::cell::RefCell<Option<World>> = const { std::cell::RefCell::new(None) };
}

/// What a fuzz target runs: `data` through `importer`'s row check, on a
/// database set up once per process.
pub fn fuzz(importer: Importer, data: &[u8]) {
    WORLD.with(|w| {
        w.borrow_mut()
            .get_or_insert_with(World::new)
            .check(importer, data);
    });
}
