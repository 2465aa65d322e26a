//! `meded archive`: CME members' technical archives (技术档案) — import
//! changes, review them, show an archive, 变更详情, the résumé
//! (个人简历表), and the unit's queue of what awaits review.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::archive::fields::LISTS;
use meded::archive::import::ImportOptions;
use meded::archive::review::Target;
use meded::archive::{self, Archive, ArchiveStatus, Section};
use meded::certificate::Font;
use meded::error::Error;
use meded::state::review::Decision;
use meded::{ExitCode, Result, msg};

use super::imports::{ImportFlags, print_report};
use super::output::Format;
use super::{Ctx, reviews};

#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// Import archive changes from a workbook; they wait for the unit's review.
    #[command(after_help = "\
The workbook (meded template archive writes a blank one) has the sheets
  个人基本信息   one row per member: the fields of the platform's form
  教育经历, 培训经历, 论文论著, 工作经历, 获奖情况
                 any number of rows per member
each keyed by 证件号码. A sheet's rows for a member replace that section of
their archive; a row with only the 证件号码 says the member has none; a
section the workbook does not mention stays as it is. 照片 is the path of a
JPEG relative to the workbook.

Nothing changes in the archive: each member gets one change awaiting review
(待审核, 请等待审核) until `archive review` approves or rejects it. A later
import before the review replaces the change waiting (已替代). Members must
be CME members (with --org, of that unit) and the 姓名 the account's; values
are checked as the platform checks them (ID number, dates, 民族, 联系电话,
电子邮箱, 是/否, 执业医师证号 of 15 digits).

Examples:
  meded archive import 技术档案.xlsx --org C017
  meded archive import 技术档案.xlsx --dry-run --errors fix-me.xlsx")]
    Import(ImportArgs),
    /// Approve or reject the changes awaiting review.
    #[command(after_help = "\
An approved change becomes the member's archive; a rejected one (with
--reason, which the member reads) leaves the archive as it was. A member
with no change awaiting review is listed with why (exit 1).

Examples:
  meded archive review 510104197503120446 --approve
  meded archive review 510104197503120446 --reject --reason '毕业时间与学历证书不符'
  meded archive review --org C017 --approve")]
    Review(ReviewArgs),
    /// Show a member's approved archive and the change awaiting review.
    #[command(after_help = "\
Examples:
  meded archive show 510104197503120446
  meded archive show 510104197503120446 --format json")]
    Show(ShowArgs),
    /// 变更详情: every change to a member's archive, before and after.
    #[command(after_help = "\
Lists every change (awaiting review, approved, rejected, replaced) with who
submitted it when, and who decided it when and why. On screen, the values
each change altered; with --format json every field of every section; with
-o, a PDF as the platform's 变更详情 (each section before and after side by
side, changed values shaded) or an XLSX/CSV table with every field and a
column 已变更. A member with no change recorded exits 1.

Examples:
  meded archive changes 510104197503120446
  meded archive changes 510104197503120446 -o 变更详情.pdf
  meded archive changes 510104197503120446 -o 变更详情.xlsx")]
    Changes(ChangesArgs),
    /// What awaits the unit's review: archive changes, credits, registrations.
    #[command(after_help = "\
One list of everything the unit has to decide: archive changes awaiting
review (meded archive review), credit records 待审 (meded credit review) and
members' registrations 单位待审 (meded account review), oldest first. An
empty queue exits 0.

Examples:
  meded archive pending --org C017
  meded archive pending --org C017 --format json")]
    Pending(PendingArgs),
    /// Write the résumé (个人简历表) of a member, or of every member of a unit.
    #[command(after_help = "\
Lays out the approved archive as the platform's 个人简历表: 一、基本信息
(with the photo the archive names, embedded as it is), 二、教育经历,
三、培训经历, 四、工作经历, 五、获奖情况, 六、论文论著信息, 七、调动记录
(moves between units, from the change log). An empty section reads 无; a
long one continues on the next page under its heading. A change awaiting
review is not shown. A member without an approved archive gets a résumé of
what the account holds.

Every character is checked against the font first: a résumé with a
character the font cannot draw is not written (name a font that has it
with --font). With --org, every member of the unit, on every core, into
--out-dir as <证件号码>_<姓名>_个人简历表.pdf; members that cannot be
written are listed with why (exit 1), the others are written.

Examples:
  meded archive resume 510104197503120446 -o 王雪梅.pdf
  meded archive resume --org C017 --out-dir resumes/")]
    Resume(ResumeArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The archive workbook: XLSX, XLS or ODS.
    file: PathBuf,
    /// Only members of this unit; others are refused.
    #[arg(long)]
    org: Option<String>,
    #[command(flatten)]
    flags: ImportFlags,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Members' ID numbers (证件号码).
    id_numbers: Vec<String>,
    /// With no ID numbers: every change awaiting review at this unit; with
    /// ID numbers: only members of this unit.
    #[arg(long)]
    org: Option<String>,
    /// 审核通过: the change becomes the archive.
    #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
    approve: bool,
    /// 审核不通过 (needs --reason).
    #[arg(long)]
    reject: bool,
    /// Why: the member reads it; kept with the change and in the change log.
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The member's ID number (证件号码).
    id_number: String,
}

#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// The member's ID number (证件号码).
    id_number: String,
    /// Write 变更详情 to this .pdf, .xlsx or .csv file.
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PendingArgs {
    /// The unit (code).
    #[arg(long)]
    org: String,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// The member's ID number (证件号码): one résumé, written to -o.
    id_number: Option<String>,
    /// The PDF to write (with ID_NUMBER).
    #[arg(
        short = 'o',
        long = "out",
        value_name = "OUT.pdf",
        requires = "id_number"
    )]
    out: Option<PathBuf>,
    /// Every member of this unit (code), into --out-dir.
    #[arg(long, conflicts_with_all = ["id_number", "out"], requires = "out_dir")]
    org: Option<String>,
    /// With --org: the directory the PDFs go into (created if missing).
    #[arg(long, value_name = "DIR", requires = "org")]
    out_dir: Option<PathBuf>,
    /// A TrueType/OpenType font or collection to set the résumés in
    /// [default: the built-in Noto Sans SC, GBK characters].
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
    /// The face of a font collection (.ttc) to use.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "font")]
    font_index: u32,
}

pub fn run(cmd: ArchiveCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        ArchiveCommand::Import(a) => import(a, ctx),
        ArchiveCommand::Review(a) => review(a, ctx),
        ArchiveCommand::Show(a) => show(a, ctx),
        ArchiveCommand::Resume(a) => resume(a, ctx),
        ArchiveCommand::Changes(a) => {
            if let Some(p) = &a.out {
                archive::changes::check_path(p)?;
            }
            let conn = ctx.open_db()?;
            let d = archive::changes::of_archive(&conn, &a.id_number)?;
            print_changes(ctx, &d, a.out.as_deref())
        }
        ArchiveCommand::Pending(a) => {
            let conn = ctx.open_db()?;
            let q = archive::queue::of_org(&conn, &a.org)?;
            print_queue(ctx, &q);
            Ok(ExitCode::Ok)
        }
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn import(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a
        .flags
        .flags(ctx, &["archive"], meded::account::Role::Resident)?;
    let mut conn = ctx.open_db()?;
    let opts = ImportOptions {
        org: a.org,
        today: today(),
    };
    let bar = ctx
        .out
        .progress(&msg!("导入技术档案", "importing archives"));
    let r = archive::import::import(&mut conn, &a.file, &opts, &flags, &ctx.who, &|d, t| {
        bar.update(d, t)
    })?;
    drop(bar);
    let code = print_report(ctx, &r, &flags);
    if r.written && r.imported + r.updated > 0 {
        ctx.out.note(&msg!(
            "档案变更已提交,请等待单位审核(meded archive review)",
            "the archive changes await the unit's review (meded archive review)"
        ));
    }
    Ok(code)
}

fn review(a: ReviewArgs, ctx: &Ctx) -> Result<ExitCode> {
    let decision = if a.reject {
        Decision::new(ArchiveStatus::Rejected, "reject", a.reason.as_deref())?
    } else {
        Decision::new(ArchiveStatus::Approved, "approve", a.reason.as_deref())?
    };
    let mut conn = ctx.open_db()?;
    let target = Target {
        ids: a.id_numbers,
        org: a.org,
    };
    let report = archive::review::review(&mut conn, &target, &decision, &ctx.who)?;
    Ok(reviews::print(ctx, &report, decision.to, &reviews::MEMBERS))
}

fn show(a: ShowArgs, ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    let out = &ctx.out;
    let v = archive::show(&conn, &a.id_number)?;
    if out.format == Format::Json {
        out.json(&v);
        return Ok(ExitCode::Ok);
    }
    let mut rows: Vec<Vec<String>> = vec![
        vec![
            out.t("证件号码", "ID number").to_owned(),
            v.id_number.clone(),
            String::new(),
        ],
        vec![
            out.t("姓名", "Name").to_owned(),
            v.name.clone(),
            String::new(),
        ],
        vec![
            out.t("单位", "Unit").to_owned(),
            v.org.clone(),
            String::new(),
        ],
    ];
    flatten(
        &v.approved,
        v.pending.as_ref().map(|p| &p.archive),
        &mut rows,
    );
    let lang = ctx.lang();
    for t in &v.transfers {
        rows.push(vec![
            "调动记录".to_owned(),
            format!(
                "{} {}({}) → {}({})",
                t.date, t.from_name, t.from_code, t.to_name, t.to_code
            ),
            String::new(),
        ]);
    }
    let waiting = match &v.pending {
        Some(p) => lang
            .pick(
                "待审核(变更 #{id},{at} {by} 提交)",
                "awaiting review (change #{id}, {at} by {by})",
            )
            .replace("{id}", &p.id.to_string())
            .replace("{at}", &p.submitted_at)
            .replace("{by}", &p.submitted_by),
        None => lang.pick("待审核:无", "awaiting review: none").to_owned(),
    };
    out.rows(
        &[
            out.t("项目", "Field"),
            out.t("审核通过", "Approved"),
            out.t("待审核", "Awaiting review"),
        ],
        &rows,
    );
    out.line(&waiting);
    Ok(ExitCode::Ok)
}

/// The sections of an archive as table rows: 部分·项目, the approved
/// value, and the value awaiting review where it differs.
fn flatten(approved: &Archive, pending: Option<&Archive>, rows: &mut Vec<Vec<String>>) {
    let cell = |v: Option<&str>| v.unwrap_or("").to_owned();
    for (i, f) in Section::Basic.fields().iter().enumerate() {
        let a = cell(approved.basic(i));
        let p = pending.map(|p| cell(p.basic(i)));
        if a.is_empty() && p.as_deref().is_none_or(str::is_empty) {
            continue;
        }
        let p = p.filter(|p| *p != a).unwrap_or_default();
        rows.push(vec![
            format!("{}·{}", Section::Basic.label(), f.label),
            a,
            p,
        ]);
    }
    let line =
        |row: &archive::model::Values| row.iter().flatten().cloned().collect::<Vec<_>>().join(" ");
    for s in LISTS {
        let a: Vec<String> = approved.list(s).iter().map(line).collect();
        let p: Option<Vec<String>> = pending
            .map(|p| p.list(s).iter().map(line).collect())
            .filter(|p| *p != a);
        let n = a.len().max(p.as_ref().map_or(0, Vec::len));
        for i in 0..n {
            rows.push(vec![
                s.label().to_owned(),
                a.get(i).cloned().unwrap_or_default(),
                p.as_ref()
                    .and_then(|p| p.get(i))
                    .cloned()
                    .unwrap_or_default(),
            ]);
        }
    }
}

fn resume(a: ResumeArgs, ctx: &Ctx) -> Result<ExitCode> {
    let font = match &a.font {
        Some(path) => Font::from_file(path, a.font_index)?,
        None => Font::builtin()?,
    };
    let out = &ctx.out;
    if let (Some(id_number), Some(file)) = (&a.id_number, &a.out) {
        let conn = ctx.open_db()?;
        return match archive::resume::write_one(&conn, id_number, file, today(), &font)? {
            Ok(w) => {
                if out.format == Format::Json {
                    out.json(&w);
                } else {
                    let (f, name, kb) = (w.file.display(), &w.name, w.bytes as f64 / 1000.0);
                    out.line(&out.text(&msg!(
                        "已写出 {name} 的个人简历表 {f}({kb:.0} KB)",
                        "wrote the résumé of {name} to {f} ({kb:.0} KB)"
                    )));
                }
                if !w.has_archive {
                    out.note(&msg!(
                        "单位尚未审核通过此人的技术档案:简历只有账号中的信息",
                        "the unit has approved no archive of this member yet: the résumé holds what the account knows"
                    ));
                }
                Ok(ExitCode::Ok)
            }
            Err(why) => {
                out.warn(&why);
                Ok(ExitCode::Problems)
            }
        };
    }
    let (Some(org), Some(dir)) = (&a.org, &a.out_dir) else {
        return Err(Error::Usage(msg!(
            "请给出证件号码和 -o OUT.pdf(一人),或 --org 和 --out-dir(全单位)",
            "give an ID number and -o OUT.pdf (one member), or --org and --out-dir (a whole unit)"
        )));
    };
    let conn = ctx.open_db()?;
    let bar = out.progress(&msg!("生成个人简历表", "writing résumés"));
    let r = archive::resume::write_org(&conn, org, dir, today(), &font, &|d, t| bar.update(d, t))?;
    drop(bar);
    let lang = ctx.lang();
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Why<'a> {
            id_number: &'a str,
            name: &'a str,
            reason: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            report: &'a archive::resume::BulkReport,
            out_dir: &'a std::path::Path,
            failed: Vec<Why<'a>>,
        }
        out.json(&Shown {
            report: &r,
            out_dir: dir,
            failed: r
                .failed
                .iter()
                .map(|f| Why {
                    id_number: &f.id_number,
                    name: &f.name,
                    reason: f.reason.text(lang),
                })
                .collect(),
        });
    } else {
        let (w, m, d, kb) = (r.written, r.members, dir.display(), r.bytes as f64 / 1000.0);
        let none = r.without_archive;
        out.line(&out.text(&msg!(
            "已写出 {w}/{m} 份个人简历表到 {d}({kb:.0} KB);其中 {none} 人尚无审核通过的技术档案",
            "wrote {w} of {m} résumés to {d} ({kb:.0} KB); {none} of them have no approved archive yet"
        )));
        out.refusals(r.failed.iter().map(|f| (f.id_number.as_str(), &f.reason)));
    }
    if r.members == 0 {
        out.warn(&msg!("该单位没有继教人员", "the unit has no CME members"));
        return Ok(ExitCode::Problems);
    }
    Ok(ExitCode::problems_if(!r.failed.is_empty()))
}

/// Prints 变更详情 (an archive's or a profile's), or writes it to `file`;
/// exit 1 when there is no change to show.
pub fn print_changes(
    ctx: &Ctx,
    d: &archive::changes::Details,
    file: Option<&std::path::Path>,
) -> Result<ExitCode> {
    let out = &ctx.out;
    let (name, id) = (&d.name, &d.id_number);
    if d.changes.is_empty() {
        if out.format == Format::Json {
            out.json(d);
        }
        out.warn(&msg!(
            "{name}({id})没有变更记录",
            "no change of {name} ({id}) is recorded"
        ));
        return Ok(ExitCode::Problems);
    }
    if let Some(path) = file {
        archive::changes::write(d, path, &Font::builtin()?, today())?;
        let (n, p) = (d.changes.len(), path.display());
        if out.format == Format::Json {
            #[derive(serde::Serialize)]
            struct Shown<'a> {
                id_number: &'a str,
                changes: usize,
                output: String,
            }
            out.json(&Shown {
                id_number: &d.id_number,
                changes: n,
                output: p.to_string(),
            });
        } else {
            out.line(&out.text(&msg!(
                "已写出 {name} 的 {n} 项变更详情到 {p}",
                "wrote {n} changes of {name} to {p}"
            )));
        }
        return Ok(ExitCode::Ok);
    }
    if out.format == Format::Json {
        out.json(d);
        return Ok(ExitCode::Ok);
    }
    let rows = archive::changes::table_rows(d);
    if out.format == Format::Csv {
        out.rows(&archive::changes::TABLE_HEADER, &rows);
        return Ok(ExitCode::Ok);
    }
    let lang = ctx.lang();
    for c in &d.changes {
        let mut head = format!(
            "{} #{} · {} {} {}",
            lang.pick("变更", "change"),
            c.id,
            lang.pick("提交", "submitted"),
            c.submitted.at,
            c.submitted.by
        );
        if let Some(s) = c.status {
            head.push_str(&format!(" · {s}"));
        }
        if let Some(x) = &c.decided {
            head.push_str(&format!(" {} {}", x.at, x.by));
            if let Some(r) = &x.reason {
                head.push_str(&format!(" · {r}"));
            }
        }
        out.line(&head);
        let mut shown: Vec<Vec<String>> = Vec::new();
        for s in &c.sections {
            for f in s.fields.iter().filter(|f| f.changed) {
                shown.push(vec![
                    s.section.clone(),
                    f.field.to_owned(),
                    f.before.clone().unwrap_or_default(),
                    f.after.clone().unwrap_or_default(),
                ]);
            }
            for r in s.rows.iter().flatten().filter(|r| r.changed) {
                shown.push(vec![
                    s.section.clone(),
                    String::new(),
                    archive::changes::row_text(&r.before),
                    archive::changes::row_text(&r.after),
                ]);
            }
        }
        if shown.is_empty() {
            out.line(lang.pick("(没有改动任何值)", "(no value changed)"));
        } else {
            out.rows(
                &[
                    out.t("部分", "Section"),
                    out.t("项目", "Field"),
                    out.t("修改前", "Before"),
                    out.t("修改后", "After"),
                ],
                &shown,
            );
        }
    }
    Ok(ExitCode::Ok)
}

fn print_queue(ctx: &Ctx, q: &archive::queue::Queue) {
    let out = &ctx.out;
    if out.format == Format::Json {
        return out.json(q);
    }
    let (a, c, r) = (
        q.archive_changes.len(),
        q.credits.len(),
        q.registrations.len(),
    );
    let org = &q.org;
    if out.format == Format::Table {
        out.line(&out.text(&msg!(
            "{org} 待审:档案变更 {a} 项,学分记录 {c} 条,注册 {r} 人",
            "{org} awaiting review: {a} archive changes, {c} credit records, {r} registrations"
        )));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for x in &q.archive_changes {
        rows.push(vec![
            out.t("档案变更", "archive change").to_owned(),
            format!("#{}", x.id),
            x.id_number.clone(),
            x.name.clone(),
            x.sections.join("、"),
            format!("{} {}", x.submitted_at, x.submitted_by),
        ]);
    }
    for x in &q.credits {
        rows.push(vec![
            out.t("学分记录", "credit record").to_owned(),
            format!("#{}", x.id),
            x.id_number.clone(),
            x.name.clone(),
            format!(
                "{} {} {} {}",
                x.project_no, x.project_name, x.credits, x.kind
            ),
            x.start_date.clone(),
        ]);
    }
    for x in &q.registrations {
        rows.push(vec![
            out.t("注册", "registration").to_owned(),
            String::new(),
            x.id_number.clone(),
            x.name.clone(),
            String::new(),
            String::new(),
        ]);
    }
    if !rows.is_empty() || out.format == Format::Csv {
        out.rows(
            &[
                out.t("类别", "Kind"),
                out.t("编号", "Id"),
                out.t("证件号码", "ID number"),
                out.t("姓名", "Name"),
                out.t("内容", "What"),
                out.t("提交", "Submitted"),
            ],
            &rows,
        );
    }
}
