//! `meded profile`: import resident profiles, validate them, return them
//! to the resident, show one.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::i18n::Lang;
use meded::profile::import::ImportOptions;
use meded::profile::validate::{self, Options, Report};
use meded::profile::{self, Section, returns};
use meded::rules::photo::PhotoRules;
use meded::sheet::write::OutFormat;
use meded::{ExitCode, Result, msg};
use serde::Serialize;

use super::Ctx;
use super::imports::{ImportFlags, print_report};
use super::output::Format;

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Import resident profiles from a workbook (基本信息, 学习经历, 工作信息, 证书信息).
    #[command(after_help = "\
The workbook has sheets named as the platform's tabs, each keyed by 证件号码
(meded template profile writes a blank one):
  基本信息   one row per person
  学习经历   one row per person and level, with 学历层次 = 中专/大专/本科/硕士/博士
  工作信息   one row per job (工作单位, 科室, 职务, 开始时间, 结束时间; a blank
             结束时间 or 至今: held to this day); the one sheet a workbook may
             leave out
  证书信息   one row per person
Photo columns (个人照片, 身份证正面照, 身份证反面照, 学历证书原件, 学位证书原件,
医师资格证书原件) hold image paths relative to the workbook; a path that leads
outside its folder refuses the row.

A person's profile is replaced whole by what the file holds for them (their
jobs too, when the workbook has 工作信息; without it their jobs stay as they
are); each changed field is logged with its value before and after (see
profile changes), and a submitted record goes back to 未上报.
A row for an unknown ID number, or with --org one at another base, is refused.
Applicants of recruitment (招录) have the same profile: import theirs without
--org (they belong to no base until admitted).
Values are normalised (dates in any form, 是/否 variants, 男性/女性, 民族 with
or without 族, provinces by name or code); values that are not recognised are
kept as typed for profile validate to report.

Examples:
  meded profile import profiles.xlsx --org H001
  meded profile import profiles.xlsx --org H001 --format json
  meded profile import applicants-profiles.xlsx          # applicants, any base")]
    Import(ImportArgs),
    /// Check profiles against every rule before the national collection.
    #[command(after_help = "\
Checks required (*) and conditional (#) fields, dates and their order,
birth date and sex against the ID number, the code lists (民族, province,
证件类型, 学历, 学位, 医师资格类别/级别), certificate numbers, the jobs of
工作信息 (dates in the past and in order, one job at most held to this day,
overlapping jobs warned), and the photo and scan files (exists, JPEG, pixel
size, byte size: headers only).

Exit 0 when no profile has an error (warnings alone exit 0), 1 when any has.

Examples:
  meded profile validate --org H001
  meded profile validate --org H001 --year 2019 --errors fix-me.xlsx
  meded profile validate --file profiles.xlsx          # nothing is written
  meded profile validate --org H001 --skip-images      # the data alone, quickly
  meded profile validate --org H001 --format json")]
    Validate(ValidateArgs),
    /// Return a resident's personal information with a reason (退回修改).
    #[command(after_help = "\
The reason is the 审核意见 the resident sees; it is kept in the history
(account show) and listed by profile show until the profile changes.

Examples:
  meded profile return 110101199003070011 --reason '个人照片不是白底证件照,请重新上传'")]
    Return(ReturnArgs),
    /// Show a resident's stored profile and the base's returns.
    #[command(
        after_help = "Examples:\n  meded profile show 110101199003070011\n  meded profile show 110101199003070011 --format json"
    )]
    Show(ShowArgs),
    /// 变更详情: every change to a resident's profile, before and after.
    #[command(after_help = "\
Every import that changed the profile, with who made it when, each tab
before and after (rebuilt from the change log), and the base's return
(退回修改) that followed it. On screen, the values each change altered; with
--format json every field; with -o, a PDF with each tab before and after
side by side (changed values shaded), or an XLSX/CSV table with every field
and a column 已变更. A resident with no change recorded exits 1.

Examples:
  meded profile changes 110101199003070011
  meded profile changes 110101199003070011 -o 变更详情.pdf
  meded profile changes 110101199003070011 --format json")]
    Changes(ChangesArgs),
    /// Photos and scans for the profile: bring one into the platform's window.
    #[command(subcommand)]
    Photo(PhotoCommand),
}

#[derive(Debug, Subcommand)]
pub enum PhotoCommand {
    /// Scale and re-encode a JPEG into the window of its kind.
    #[command(after_help = "\
The platform takes a portrait (个人照片) of at least 413×626 pixels and
150–300 KB, an ID card side (身份证正面照/反面照) of at least 640×480 pixels
and 150–300 KB, and a certificate scan (学历/学位/医师资格证书原件) of at
least 1280×800 pixels and at most 300 KB, each a JPEG. A phone photo of
several megabytes is scaled down and encoded again; one compressed too hard
is encoded again at a higher quality, or enlarged to the minimum pixels.
The picture is turned upright as the camera recorded it. The original is
left as it is unless -o names it.

Examples:
  meded profile photo fit IMG_2041.jpg -o photos/张三.jpg
  meded profile photo fit 身份证正面.jpg -o photos/张三-正面.jpg --kind id-card
  meded profile photo fit 学历证书.jpg -o photos/张三-学历.jpg --kind certificate")]
    Fit(FitArgs),
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PhotoKindArg {
    Portrait,
    IdCard,
    Certificate,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// The JPEG as it is (a phone photo, a scan).
    file: PathBuf,
    /// Where to write the fitted JPEG (.jpg is added to a name without it).
    #[arg(short = 'o', long = "out", value_name = "OUT.jpg")]
    out: PathBuf,
    /// What the picture is: the window it must fit.
    #[arg(long, value_enum, default_value = "portrait")]
    kind: PhotoKindArg,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The profile workbook: XLSX, XLS or ODS with the sheets 基本信息,
    /// 学习经历, 证书信息 (and 工作信息).
    file: PathBuf,
    /// Only residents of this base; others (and applicants) are refused.
    #[arg(long)]
    org: Option<String>,
    #[command(flatten)]
    flags: ImportFlags,
    /// Accepted for scripts written when closed years were locked: a
    /// profile is now updated at any time, so it changes nothing.
    #[arg(long = "override", hide = true)]
    _override_lock: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Only the residents of this base.
    #[arg(long, conflicts_with = "file")]
    org: Option<String>,
    /// Only residents recruited this year (招收年份).
    #[arg(long, conflicts_with = "file")]
    year: Option<i32>,
    /// Check a profile workbook instead of the database; nothing is written.
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Write the problems to this .xlsx (a list, a summary per person, notes)
    /// or .csv file.
    #[arg(long, value_name = "OUT")]
    errors: Option<PathBuf>,
    /// Do not open the image files (paths are still required): a quick
    /// pass while fixing the data of a large base.
    #[arg(long)]
    skip_images: bool,
}

#[derive(Debug, Args)]
pub struct ReturnArgs {
    /// The resident's ID number (证件号码).
    id_number: String,
    /// Why: what the resident must change.
    #[arg(long)]
    reason: String,
}

#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// The resident's ID number (证件号码).
    id_number: String,
    /// Write 变更详情 to this .pdf, .xlsx or .csv file.
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The resident's ID number (证件号码).
    id_number: String,
}

pub fn run(cmd: ProfileCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        ProfileCommand::Import(a) => import(a, ctx),
        ProfileCommand::Photo(PhotoCommand::Fit(a)) => fit(a, ctx),
        ProfileCommand::Validate(a) => validate(a, ctx),
        ProfileCommand::Return(a) => return_profile(a, ctx),
        ProfileCommand::Show(a) => show(a, ctx),
        ProfileCommand::Changes(a) => {
            if let Some(p) = &a.out {
                meded::archive::changes::check_path(p)?;
            }
            let conn = ctx.open_db()?;
            let d = meded::archive::changes::of_profile(&conn, &a.id_number)?;
            super::archive::print_changes(ctx, &d, a.out.as_deref())
        }
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn warn_columns(
    ctx: &Ctx,
    unknown: &[(Section, Vec<String>)],
    missing: &[(Section, Vec<&'static str>)],
) {
    for (s, cols) in unknown {
        let (s, cols) = (s.label(), cols.join(", "));
        ctx.out.warn(&msg!(
            "工作表 {s}:忽略不认识的列 {cols}",
            "sheet {s}: ignored unknown columns {cols}"
        ));
    }
    for (s, cols) in missing {
        let (s, cols) = (s.label(), cols.join(", "));
        ctx.out.warn(&msg!(
            "工作表 {s} 没有这些列,按空白处理:{cols}",
            "sheet {s} lacks these columns, read as blank: {cols}"
        ));
    }
}

fn import(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a
        .flags
        .flags(ctx, &["profile"], meded::account::Role::Resident)?;
    let mut conn = ctx.open_db()?;
    let opts = ImportOptions {
        org: a.org,
        today: today(),
    };
    let bar = ctx
        .out
        .progress(&msg!("导入个人信息", "importing profiles"));
    let r = profile::import::import(&mut conn, &a.file, &opts, &flags, &ctx.who, &|d, t| {
        bar.update(d, t)
    })?;
    drop(bar);
    Ok(print_report(ctx, &r, &flags))
}

fn validate(a: ValidateArgs, ctx: &Ctx) -> Result<ExitCode> {
    if let Some(p) = &a.errors {
        OutFormat::for_path(p)?;
    }
    // The school and major lists a province imported, when there is a
    // database to hold them (a workbook is checked without one).
    let lists = if a.file.is_none() || meded::db::is_url(&ctx.db) || ctx.db.exists() {
        meded::codes::ProfileLists::load(&ctx.open_db()?)?
    } else {
        Default::default()
    };
    let opts = Options {
        today: today(),
        photo_rules: PhotoRules::default(),
        lists,
        images: !a.skip_images,
    };
    let bar = ctx
        .out
        .progress(&msg!("校验个人信息", "validating profiles"));
    let progress = |d, t| bar.update(d, t);
    let (report, source) = match &a.file {
        Some(file) => {
            // Straight from the file: nothing is read from the database
            // but its lists.
            let r = validate::validate_file(file, &opts, &progress)?;
            warn_columns(ctx, &r.unknown_columns, &r.missing_columns);
            (r.report, file.display().to_string())
        }
        None => {
            let conn = ctx.open_db()?;
            let r = validate::validate_db(&conn, a.org.as_deref(), a.year, &opts, &progress)?;
            let mut source = ctx.db.display().to_string();
            if let Some(o) = &a.org {
                source.push_str(&format!(" --org {o}"));
            }
            if let Some(y) = a.year {
                source.push_str(&format!(" --year {y}"));
            }
            (r, source)
        }
    };
    drop(bar);
    if let Some(p) = &a.errors {
        profile::report::write(p, &report, &source, ctx.lang())?;
    }
    print_validation(ctx, &report);
    if let Some(p) = a.errors.as_ref().filter(|_| !report.issues.is_empty()) {
        let p = p.display();
        ctx.out.note(&msg!(
            "问题清单已写入 {p}",
            "the problems are written to {p}"
        ));
    }
    if report.checked == 0 {
        // "0 invalid" about nobody is no all-clear.
        ctx.out.warn(&match (&a.file, &a.org) {
            (Some(_), _) => msg!(
                "文件中没有任何人员的个人信息",
                "the file holds nobody's personal information"
            ),
            (None, Some(o)) => msg!(
                "基地 {o} 没有符合条件的住院医师,未校验任何人",
                "the base {o} has no resident in scope: nobody was checked"
            ),
            (None, None) => msg!(
                "没有符合条件的住院医师,未校验任何人",
                "there is no resident in scope: nobody was checked"
            ),
        });
        return Ok(ExitCode::Problems);
    }
    Ok(ExitCode::problems_if(report.errors > 0))
}

fn print_validation(ctx: &Ctx, r: &Report) {
    let out = &ctx.out;
    let lang = ctx.lang();
    match out.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Shown<'a> {
                #[serde(flatten)]
                issue: &'a validate::Issue,
                message: &'a str,
            }
            #[derive(Serialize)]
            struct Doc<'a> {
                checked: u64,
                valid: u64,
                invalid: u64,
                errors: u64,
                warnings: u64,
                issues: Vec<Shown<'a>>,
            }
            out.json(&Doc {
                checked: r.checked,
                valid: r.valid,
                invalid: r.invalid,
                errors: r.errors,
                warnings: r.warnings,
                issues: r
                    .issues
                    .iter()
                    .map(|i| Shown {
                        issue: i,
                        message: i.message.text(lang),
                    })
                    .collect(),
            });
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = r
                .issues
                .iter()
                .map(|i| {
                    vec![
                        i.id_number.clone(),
                        i.name.clone(),
                        i.section.label().to_owned(),
                        i.place(),
                        i.severity.key().to_owned(),
                        out.text(&i.message),
                        i.row.map(|r| r.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            out.rows(
                &[
                    "id_number",
                    "name",
                    "section",
                    "field",
                    "severity",
                    "message",
                    "row",
                ],
                &rows,
            );
        }
        Format::Table => {
            if !r.issues.is_empty() {
                // Grouped by person: the ID and name head each group.
                let mut rows = Vec::with_capacity(r.issues.len());
                let mut last: Option<(&str, &str)> = None;
                for i in &r.issues {
                    let who = (i.id_number.as_str(), i.name.as_str());
                    let first = last != Some(who);
                    last = Some(who);
                    let problem = match i.row {
                        Some(row) => format!("{} ({})", out.text(&i.message), row_label(lang, row)),
                        None => out.text(&i.message),
                    };
                    rows.push(vec![
                        if first {
                            i.id_number.clone()
                        } else {
                            String::new()
                        },
                        if first { i.name.clone() } else { String::new() },
                        i.section.label().to_owned(),
                        i.place(),
                        i.severity.label(lang).to_owned(),
                        problem,
                    ]);
                }
                out.rows(
                    &[
                        out.t("证件号码", "ID number"),
                        out.t("姓名", "Name"),
                        out.t("页签", "Tab"),
                        out.t("字段", "Field"),
                        out.t("级别", "Severity"),
                        out.t("问题", "Problem"),
                    ],
                    &rows,
                );
            }
            let (c, v, x, e, w) = (r.checked, r.valid, r.invalid, r.errors, r.warnings);
            out.line(&out.text(&msg!(
                "校验 {c} 人:通过 {v} 人,未通过 {x} 人;错误 {e} 个,警告 {w} 个",
                "checked {c}: {v} valid, {x} invalid; {e} errors, {w} warnings"
            )));
        }
    }
}

fn row_label(lang: Lang, row: u32) -> String {
    match lang {
        Lang::Zh => format!("第 {row} 行"),
        Lang::En => format!("row {row}"),
    }
}

fn return_profile(a: ReturnArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let r = returns::return_profile(&mut conn, &a.id_number, &a.reason, &ctx.who)?;
    if ctx.out.format == Format::Json {
        #[derive(Serialize)]
        struct Shown<'a> {
            id_number: String,
            #[serde(flatten)]
            ret: &'a returns::Return,
        }
        ctx.out.json(&Shown {
            id_number: meded::rules::text::identifier(&a.id_number),
            ret: &r,
        });
    } else {
        let id = &a.id_number;
        ctx.out.note(&msg!(
            "已将 {id} 的个人信息退回修改",
            "{id}'s personal information is returned for changes"
        ));
    }
    Ok(ExitCode::Ok)
}

fn show(a: ShowArgs, ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    let v = profile::show(&conn, &a.id_number)?;
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(&v);
        return Ok(ExitCode::Ok);
    }
    let lang = ctx.lang();
    let mut rows: Vec<Vec<String>> = vec![
        vec![
            out.t("证件号码", "ID number").to_owned(),
            v.id_number.clone(),
        ],
        vec![out.t("姓名", "Name").to_owned(), v.name.clone()],
        vec![out.t("机构", "Organisation").to_owned(), v.org.clone()],
    ];
    let missing = || lang.pick("(未填写)", "(not filled in)").to_owned();
    let mut tab = |title: String, fields: Option<&Vec<profile::FieldValue>>| match fields {
        None => rows.push(vec![title, missing()]),
        Some(fields) => {
            for f in fields {
                if let Some(value) = &f.value {
                    rows.push(vec![format!("{title}·{}", f.field), value.clone()]);
                }
            }
        }
    };
    tab("基本信息".to_owned(), v.basic.as_ref());
    if v.education.is_empty() {
        tab("学习经历".to_owned(), None);
    }
    for e in &v.education {
        tab(format!("学习经历·{}", e.level), Some(&e.fields));
    }
    if v.work.is_empty() {
        tab("工作信息".to_owned(), None);
    }
    for j in &v.work {
        tab(format!("工作信息·第{}条", j.job), Some(&j.fields));
    }
    tab("证书信息".to_owned(), v.certificate.as_ref());
    for r in &v.returns {
        let state = if r.answered {
            lang.pick("已修改", "answered")
        } else {
            lang.pick("待修改", "awaiting changes")
        };
        rows.push(vec![
            out.t("审核意见", "Returned").to_owned(),
            format!("{} {} ({state}): {}", r.at, r.actor, r.reason),
        ]);
    }
    out.rows(&[out.t("项目", "Field"), out.t("内容", "Value")], &rows);
    Ok(ExitCode::Ok)
}

/// `profile photo fit`: no database, the image alone.
fn fit(a: FitArgs, ctx: &Ctx) -> Result<ExitCode> {
    use meded::rules::photo::{PhotoKind, PhotoRules, kb};
    let kind = match a.kind {
        PhotoKindArg::Portrait => PhotoKind::Portrait,
        PhotoKindArg::IdCard => PhotoKind::IdCard,
        PhotoKindArg::Certificate => PhotoKind::Scan,
    };
    let rules = PhotoRules::default();
    let rule = rules.get(kind);
    let ext = a
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let out = if matches!(ext.as_deref(), Some("jpg" | "jpeg")) {
        a.out.clone()
    } else {
        meded::fsutil::with_extension(&a.out, "jpg")
    };
    let f = meded::profile::fit::fit_file(&a.file, &out, rule)?;
    let (ow, oh, ob) = f.original;
    let o = &ctx.out;
    if o.format == Format::Json {
        o.json(&serde_json::json!({
            "file": a.file.display().to_string(),
            "out": out.display().to_string(),
            "kind": kind.key(),
            "original": {"width": ow, "height": oh, "bytes": ob},
            "width": f.width,
            "height": f.height,
            "bytes": f.jpeg.len(),
            "quality": f.quality,
            "enlarged": f.enlarged,
        }));
    } else {
        let (p, q) = (a.file.display(), out.display());
        let (before, after) = (kb(ob), kb(f.jpeg.len() as u64));
        let (w, h, quality) = (f.width, f.height, f.quality);
        o.line(&o.text(&if quality == 0 {
            msg!(
                "{p}:{ow}×{oh} 像素,{before},已在要求之内,原样写入 {q}",
                "{p}: {ow}×{oh} pixels, {before}, within the window already: written as it is to {q}"
            )
        } else {
            msg!(
                "{p}:{ow}×{oh} 像素,{before} → {q}:{w}×{h} 像素,{after}(JPEG 质量 {quality})",
                "{p}: {ow}×{oh} pixels, {before} → {q}: {w}×{h} pixels, {after} (JPEG quality {quality})"
            )
        }));
        let window = rule.window();
        o.note(&msg!(
            "符合要求:{}",
            "within the window: {}",
            window.text(ctx.lang())
        ));
        if f.enlarged {
            o.note(&msg!(
                "原图像素或细节不足,已放大;清晰度以原图为限,有条件时请用更清晰的原图",
                "the original had too few pixels or too little detail and was enlarged: it is no sharper than the original; use a better one if you can"
            ));
        }
    }
    Ok(ExitCode::Ok)
}
