//! The résumé (个人简历表): a member's approved archive laid out as the CME
//! platform prints it — 一、基本信息 with the photo, then 教育经历,
//! 培训经历, 工作经历, 获奖情况, 论文论著信息 and 调动记录, "无" for an
//! empty section, a long section continued on the next page under its
//! heading again. One member (`archive resume ID -o OUT.pdf`) or a whole
//! unit on every core (`--org C --out-dir DIR`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::db::sql::{Connection, params};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::fields::{B_PHOTO, Section};
use super::model::{Archive, Values};
use super::pdf::{self, Cell, Form, Jpeg, Laid, Style};
use super::{Transfer, transfers};
use crate::account::find_member;
use crate::certificate::Font;
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::identifier;

/// What a résumé prints: the account's facts, the approved archive and the
/// moves between units.
#[derive(Debug, Clone)]
pub struct Resume {
    pub id_number: String,
    pub name: String,
    pub id_type: String,
    /// The unit the member belongs to now.
    pub org_name: String,
    /// 技术职称, from the account.
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub archive: Archive,
    pub transfers: Vec<Transfer>,
    /// The day it is printed (the PDF's date).
    pub date: NaiveDate,
}

/// Page margins and the type size of the form.
const MARGIN: f32 = 42.0;
const SIZE: f32 = 9.5;
const TITLE_SIZE: f32 = 18.0;
const LABEL_W: f32 = 66.0;
const PHOTO_W: f32 = 90.0;
/// A two-inch photo stands about 1.4 times as high as it is wide.
const PHOTO_H: f32 = 126.0;

/// A cell of 一、基本信息: a label and its value, over `span` thirds.
struct Pair {
    label: &'static str,
    value: String,
    span: usize,
}

/// A table section: its heading, column names and widths, and rows.
struct Table {
    heading: &'static str,
    columns: &'static [(&'static str, f32)],
    rows: Vec<Vec<String>>,
}

impl Resume {
    fn basic(&self, label: &str) -> Option<&str> {
        Section::Basic
            .field(label)
            .and_then(|i| self.archive.basic(i))
    }

    fn value(&self, label: &str) -> String {
        let archived = self.basic(label).map(str::to_owned);
        let from_account = || match label {
            "姓名" => Some(self.name.clone()),
            "证件类型" => Some(self.id_type.clone()),
            "证件号码" => Some(self.id_number.clone()),
            "工作单位" => Some(self.org_name.clone()),
            "技术职称" => self.title.clone(),
            "联系电话" => self.phone.clone(),
            "电子邮箱" => self.email.clone(),
            _ => None,
        };
        match label {
            // What the account holds is what counts for these.
            "姓名" | "证件号码" | "技术职称" => from_account(),
            _ => archived.or_else(from_account),
        }
        .unwrap_or_default()
    }

    /// The rows of 一、基本信息, as the platform's résumé sets them out; the first four
    /// leave room for the photo.
    fn basic_rows(&self) -> Vec<Vec<Pair>> {
        let p = |label: &'static str, span: usize| Pair {
            label,
            value: self.value(label),
            span,
        };
        vec![
            vec![p("姓名", 1), p("性别", 1), p("出生日期", 1)],
            vec![p("民族", 1), p("婚姻状况", 1), p("籍贯", 1)],
            vec![p("工作性质", 1), p("政治面貌", 2)],
            vec![p("参加工作时间", 1), p("工作单位", 2)],
            vec![p("证件类型", 1), p("证件号码", 2)],
            vec![p("通讯地址", 3)],
            vec![p("所属市州", 1), p("出生地", 2)],
            vec![p("家庭住址", 3)],
            vec![p("邮政编码", 1), p("联系电话", 1), p("电子邮箱", 1)],
            vec![p("行政职务", 1), p("技术职称", 2)],
            vec![p("最高学历", 1), p("最高学位", 2)],
            vec![p("外语语种", 1), p("外语等级", 2)],
            vec![p("所学专业", 3)],
            vec![p("执业科目", 1), p("毕业学校", 2)],
            vec![p("毕业时间", 1), p("是否执业医师", 1), p("执业医师证号", 1)],
        ]
    }

    fn tables(&self) -> Vec<Table> {
        let span = |r: &Values| -> String {
            let from = r[0].as_deref().unwrap_or("");
            match r[1].as_deref() {
                Some(to) => format!("{from} 至 {to}"),
                None => format!("{from} 至今"),
            }
        };
        let cell = |r: &Values, i: usize| r[i].clone().unwrap_or_default();
        let list = |s: Section, f: &dyn Fn(&Values) -> Vec<String>| -> Vec<Vec<String>> {
            self.archive.list(s).iter().map(f).collect()
        };
        vec![
            Table {
                heading: "二、教育经历",
                columns: &[
                    ("起止时间", 1.8),
                    ("学校", 2.0),
                    ("专业", 1.5),
                    ("学历", 0.95),
                    ("学位", 0.7),
                ],
                rows: list(Section::Education, &|r| {
                    vec![span(r), cell(r, 2), cell(r, 3), cell(r, 4), cell(r, 5)]
                }),
            },
            Table {
                heading: "三、培训经历",
                columns: &[
                    ("起止时间", 1.8),
                    ("培训机构", 2.0),
                    ("培训内容", 2.2),
                    ("所获证书", 1.2),
                ],
                rows: list(Section::Training, &|r| {
                    vec![span(r), cell(r, 2), cell(r, 3), cell(r, 4)]
                }),
            },
            Table {
                heading: "四、工作经历",
                columns: &[
                    ("起止时间", 1.8),
                    ("工作单位", 2.4),
                    ("科室", 1.3),
                    ("职务", 1.3),
                ],
                rows: list(Section::Work, &|r| {
                    vec![span(r), cell(r, 2), cell(r, 3), cell(r, 4)]
                }),
            },
            Table {
                heading: "五、获奖情况",
                columns: &[
                    ("获奖时间", 0.95),
                    ("奖项名称", 2.4),
                    ("授奖单位", 1.8),
                    ("获奖等级", 0.9),
                    ("本人排名", 0.9),
                ],
                rows: list(Section::Awards, &|r| (0..5).map(|i| cell(r, i)).collect()),
            },
            Table {
                heading: "六、论文论著信息",
                columns: &[
                    ("发表时间", 0.95),
                    ("题目", 2.8),
                    ("刊物或出版社", 1.8),
                    ("类别", 0.6),
                    ("本人排名", 0.85),
                ],
                rows: list(Section::Papers, &|r| (0..5).map(|i| cell(r, i)).collect()),
            },
            Table {
                heading: "七、调动记录",
                columns: &[("调动时间", 1.0), ("调出单位", 2.5), ("调入单位", 2.5)],
                rows: self
                    .transfers
                    .iter()
                    .map(|t| vec![t.date.clone(), t.from_name.clone(), t.to_name.clone()])
                    .collect(),
            },
        ]
    }

    /// Every text the résumé prints, for the font check.
    pub fn texts(&self) -> Vec<String> {
        let mut out =
            vec!["个人简历表 一、基本信息 照片 无 (续) 至今 第 0123456789 页,共 页".to_owned()];
        for row in self.basic_rows() {
            for p in row {
                out.push(p.label.to_owned());
                out.push(p.value);
            }
        }
        for t in self.tables() {
            out.push(t.heading.to_owned());
            out.extend(t.columns.iter().map(|(c, _)| (*c).to_owned()));
            out.extend(t.rows.into_iter().flatten());
        }
        out
    }

    /// `<证件号码>_<姓名>_个人简历表.pdf`, with characters that no file
    /// system allows replaced.
    pub fn file_name(&self) -> String {
        let safe = |s: &str| -> String {
            s.trim()
                .chars()
                .map(|c| match c {
                    '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
                    c if c.is_control() => '_',
                    c => c,
                })
                .collect()
        };
        let name = format!(
            "{}_{}_个人简历表.pdf",
            safe(&self.id_number),
            safe(&self.name)
        );
        match name.strip_prefix('.') {
            Some(rest) => format!("_{rest}"),
            None => name,
        }
    }

    /// The photo the archive names, read: its bytes and frame header.
    fn photo(&self) -> Result<Option<Jpeg>> {
        let Some(path) = self.archive.basic(B_PHOTO) else {
            return Ok(None);
        };
        let p = Path::new(path);
        if let Some(m) = super::sheet::photo_problem(p) {
            let (name, id, zh, en) = (&self.name, &self.id_number, &m.zh, &m.en);
            return Err(Error::Input(msg!(
                "{name}({id})的照片不可用:{zh}",
                "the photo of {name} ({id}) cannot be used: {en}"
            )));
        }
        let bytes = std::fs::read(p).map_err(|e| Error::unreadable(p, &e))?;
        let frame = crate::rules::jpeg::read_frame(&mut std::io::Cursor::new(&bytes))
            .map_err(|e| Error::unreadable(p, &e))?;
        let Ok(frame) = frame else {
            let shown = p.display();
            return Err(Error::Input(msg!(
                "{shown} 不是 JPEG 图片",
                "{shown} is not a JPEG image"
            )));
        };
        Ok(Some(Jpeg {
            bytes,
            width: frame.size.width,
            height: frame.size.height,
            components: frame.components,
        }))
    }
}

/// Draws one table section, continued on the next page under its heading
/// (with "(续)") and column names when it runs over.
fn table(form: &mut Form<'_>, t: &Table) {
    let x0 = form.margin_x;
    let w = form.content_width();
    let heading =
        |form: &Form<'_>, text: String| form.lay(vec![Cell::new(x0, w, text, Style::Heading)]);
    let total: f32 = t.columns.iter().map(|(_, weight)| weight).sum();
    let mut xs = Vec::with_capacity(t.columns.len());
    let mut x = x0;
    for (i, (_, weight)) in t.columns.iter().enumerate() {
        let cw = if i + 1 == t.columns.len() {
            x0 + w - x
        } else {
            w * weight / total
        };
        xs.push((x, cw));
        x += cw;
    }
    let columns = form.lay(
        t.columns
            .iter()
            .zip(&xs)
            .map(|((name, _), (x, cw))| Cell::new(*x, *cw, *name, Style::Columns))
            .collect(),
    );
    let head = heading(form, t.heading.to_owned());
    let body: Vec<Laid> = if t.rows.is_empty() {
        vec![form.lay(vec![Cell::new(x0, w, "无", Style::Centre)])]
    } else {
        t.rows
            .iter()
            .map(|r| {
                form.lay(
                    r.iter()
                        .zip(&xs)
                        .map(|(text, (x, cw))| Cell::new(*x, *cw, text.clone(), Style::Value))
                        .collect(),
                )
            })
            .collect()
    };
    let has_columns = !t.rows.is_empty();
    let first = body.first().map_or(0.0, |r| r.height);
    let need = head.height + if has_columns { columns.height } else { 0.0 } + first;
    if form.room() < need && !form.at_top() {
        form.new_page();
    }
    form.draw(&head);
    if has_columns {
        form.draw(&columns);
    }
    for row in &body {
        if form.room() < row.height && !form.at_top() {
            form.new_page();
            let again = heading(form, format!("{}(续)", t.heading));
            form.draw(&again);
            form.draw(&columns);
        }
        form.draw(row);
    }
}

/// Renders a résumé as PDF: one A4 page, more when its lists run over.
/// Refuses (with [`Error::Input`]) a résumé holding a character the font
/// cannot draw, or naming a photo that is not a readable JPEG.
pub fn render(r: &Resume, font: &Font) -> Result<Vec<u8>> {
    let texts = r.texts();
    let missing = pdf::missing(font, texts.iter().map(String::as_str));
    if !missing.is_empty() {
        let (name, id) = (&r.name, &r.id_number);
        let what = msg!("{name}({id})的个人简历表", "the résumé of {name} ({id})");
        return Err(pdf::refuse_glyphs(&what, font, &missing));
    }
    let photo = r.photo()?;
    let mut form = Form::new(font, pdf::A4, MARGIN, SIZE);
    form.line("个人简历表", TITLE_SIZE, true, true);
    form.y += 8.0;
    let x0 = form.margin_x;
    let w = form.content_width();
    let head = form.lay(vec![Cell::new(x0, w, "一、基本信息", Style::Heading)]);
    form.draw(&head);
    let unit = (w - PHOTO_W) / 3.0;
    let rows = r.basic_rows();
    let mut laid: Vec<Laid> = Vec::with_capacity(rows.len());
    for (n, row) in rows.iter().enumerate() {
        let right = if n < 4 { x0 + w - PHOTO_W } else { x0 + w };
        let mut cells = Vec::with_capacity(row.len() * 2);
        let mut start = 0usize;
        for (k, p) in row.iter().enumerate() {
            let x = x0 + start as f32 * unit;
            let end = if k + 1 == row.len() {
                right
            } else {
                x0 + (start + p.span) as f32 * unit
            };
            cells.push(Cell::new(x, LABEL_W, p.label, Style::Label));
            cells.push(Cell::new(
                x + LABEL_W,
                end - x - LABEL_W,
                p.value.clone(),
                Style::Value,
            ));
            start += p.span;
        }
        laid.push(form.lay(cells));
    }
    // The first four rows stand as high as the photo.
    let beside: f32 = laid[..4].iter().map(|l| l.height).sum();
    if beside < PHOTO_H {
        let extra = (PHOTO_H - beside) / 4.0;
        for l in &mut laid[..4] {
            let h = l.height + extra;
            *l = l.clone().at_least(h);
        }
    }
    let photo_top = form.y;
    let photo_h: f32 = laid[..4].iter().map(|l| l.height).sum();
    for l in &laid {
        form.draw(l);
    }
    let px = x0 + w - PHOTO_W;
    match photo {
        Some(jpeg) => {
            form.frame(px, photo_top, PHOTO_W, photo_h);
            form.image(
                jpeg,
                px + 3.0,
                photo_top + 3.0,
                PHOTO_W - 6.0,
                photo_h - 6.0,
            );
        }
        None => {
            let y = form.y;
            form.y = photo_top;
            let cell = form
                .lay(vec![Cell::new(px, PHOTO_W, "照片", Style::Centre)])
                .at_least(photo_h);
            form.draw(&cell);
            form.y = y;
        }
    }
    for t in r.tables() {
        table(&mut form, &t);
    }
    let title = format!("个人简历表 {}", r.name);
    form.finish(&title, pdf::stamp(r.date), &file_id(r))
}

/// 32 hex digits that tell résumés apart and stay the same for the same
/// member and day.
fn file_id(r: &Resume) -> String {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        (salt, "resume", &r.id_number, r.date).hash(&mut h);
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// The résumé of one member (as typed: normalised first); a usage error
/// when the ID number names no CME member.
pub fn load(conn: &Connection, id_number: &str, date: NaiveDate) -> Result<Resume> {
    let id_number = identifier(id_number);
    let member = find_member(conn, &id_number)?.map_err(Error::Usage)?;
    let mut out = of_org(conn, Some(member.id), member.org_id, date)?;
    out.pop()
        .ok_or_else(|| crate::account::no_account(&id_number))
}

/// The résumés of an organisation's members, by ID number (or of one).
fn of_org(
    conn: &Connection,
    one: Option<i64>,
    org_id: i64,
    date: NaiveDate,
) -> Result<Vec<Resume>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id_number, a.name, a.id_type, o.name, a.title, a.phone, a.email, ar.content
         FROM account a JOIN org o ON o.id = a.org_id
         LEFT JOIN archive ar ON ar.account_id = a.id
         WHERE a.org_id = ?1 AND a.role = 'member' AND (?2 IS NULL OR a.id = ?2)
         ORDER BY a.id_number",
    )?;
    let rows = stmt.query_map(params![org_id, one], |r| {
        Ok(Resume {
            id_number: r.get(0)?,
            name: r.get(1)?,
            id_type: r.get(2)?,
            org_name: r.get(3)?,
            title: r.get(4)?,
            phone: r.get(5)?,
            email: r.get(6)?,
            archive: r
                .get::<_, Option<String>>(7)?
                .map(|c| Archive::from_json(&c))
                .unwrap_or_default(),
            transfers: Vec::new(),
            date,
        })
    })?;
    let mut out: Vec<Resume> = rows.collect::<crate::db::sql::Result<_>>()?;
    for r in &mut out {
        r.transfers = transfers(conn, &r.id_number)?;
    }
    Ok(out)
}

/// A résumé written.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub id_number: String,
    pub name: String,
    pub file: PathBuf,
    pub bytes: u64,
    /// Whether the unit has approved an archive yet (without one, the
    /// résumé holds only what the account knows).
    pub has_archive: bool,
    pub photo: bool,
}

fn write_file(path: &Path, pdf: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.file().write_all(pdf).map_err(|e| Error::io(path, e))?;
    file.commit()
}

fn written(r: &Resume, file: PathBuf, bytes: usize) -> Written {
    Written {
        id_number: r.id_number.clone(),
        name: r.name.clone(),
        file,
        bytes: bytes as u64,
        has_archive: !r.archive.is_empty(),
        photo: r.archive.basic(B_PHOTO).is_some(),
    }
}

/// Writes one member's résumé to `out`, or says why it cannot: a character
/// the font lacks, a photo that cannot be read. An ID number of no CME
/// member is a usage error.
pub fn write_one(
    conn: &Connection,
    id_number: &str,
    out: &Path,
    date: NaiveDate,
    font: &Font,
) -> Result<std::result::Result<Written, Msg>> {
    let r = load(conn, id_number, date)?;
    let pdf = match render(&r, font) {
        Ok(pdf) => pdf,
        Err(Error::Input(m)) => return Ok(Err(m)),
        Err(e) => return Err(e),
    };
    write_file(out, &pdf)?;
    Ok(Ok(written(&r, out.to_path_buf(), pdf.len())))
}

/// A member whose résumé was not written, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    pub id_number: String,
    pub name: String,
    #[serde(skip)]
    pub reason: Msg,
}

/// What a run over a unit did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkReport {
    pub members: u64,
    pub written: u64,
    pub bytes: u64,
    pub largest: u64,
    /// Members the unit has approved no archive for yet.
    pub without_archive: u64,
    /// Shown with the reasons in the reader's language by the command.
    #[serde(skip)]
    pub failed: Vec<Failed>,
    /// Every file written (JSON only lists them).
    pub files: Vec<Written>,
}

/// The font holding only the characters of these résumés, cut once for a
/// run: printpdf reads the whole glyph table of the font it embeds from
/// for every PDF, so a few thousand glyphs instead of GBK's 22,000 make
/// each résumé faster. Cutting it once (not per batch) keeps both cores
/// rendering.
pub fn font_for(resumes: &[Resume], font: &Font) -> Font {
    let mut chars: Vec<char> = resumes
        .iter()
        .flat_map(|r| r.texts())
        .flat_map(|t| t.chars().collect::<Vec<_>>())
        .collect();
    chars.sort_unstable();
    chars.dedup();
    font.narrowed(chars)
}

/// How many résumés are rendered and written at a time.
pub const BATCH: usize = 500;

/// Files a run put in place, removed again unless the run completes.
struct Created(Vec<PathBuf>, bool);

impl Drop for Created {
    fn drop(&mut self) {
        if !self.1 {
            for p in &self.0 {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// Writes the résumé of every member of an organisation into `dir`, on
/// every core, in batches. `progress` gets (done, total) from any thread.
/// A résumé that cannot be rendered is listed in `failed`; a failure to
/// write is an error, and the files already written are removed again.
pub fn write_org(
    conn: &Connection,
    org: &str,
    dir: &Path,
    date: NaiveDate,
    font: &Font,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<BulkReport> {
    let org = crate::org::find_kind(conn, org, crate::org::OrgKind::Cme)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    AtomicFile::create(&dir.join(".meded-probe"))?;
    let all = of_org(conn, None, org.id, date)?;
    let total = all.len() as u64;
    let mut report = BulkReport {
        members: total,
        ..BulkReport::default()
    };
    let mut created = Created(Vec::new(), false);
    let done = AtomicU64::new(0);
    let mut names = std::collections::HashSet::new();
    let narrow = font_for(&all, font);
    for batch in all.chunks(BATCH) {
        let files: Vec<Option<String>> = batch
            .iter()
            .map(|r| Some(r.file_name()).filter(|n| names.insert(n.clone())))
            .collect();
        let outcomes: Vec<Result<std::result::Result<usize, Msg>>> = batch
            .par_iter()
            .zip(files.par_iter())
            .map(|(r, file)| {
                let outcome = match file {
                    None => Ok(Err(msg!(
                        "与同批另一份简历的文件名相同:{}",
                        "same file name as another résumé of this run: {}",
                        r.file_name()
                    ))),
                    Some(file) => match render(r, &narrow) {
                        Ok(pdf) => write_file(&dir.join(file), &pdf).map(|()| Ok(pdf.len())),
                        Err(Error::Input(m)) => Ok(Err(m)),
                        Err(e) => Err(e),
                    },
                };
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                outcome
            })
            .collect();
        let mut first_error = None;
        for ((r, file), outcome) in batch.iter().zip(files).zip(outcomes) {
            match outcome {
                Ok(Ok(bytes)) => {
                    let path = dir.join(file.unwrap_or_default());
                    created.0.push(path.clone());
                    report.written += 1;
                    report.bytes += bytes as u64;
                    report.largest = report.largest.max(bytes as u64);
                    if r.archive.is_empty() {
                        report.without_archive += 1;
                    }
                    report.files.push(written(r, path, bytes));
                }
                Ok(Err(reason)) => report.failed.push(Failed {
                    id_number: r.id_number.clone(),
                    name: r.name.clone(),
                    reason,
                }),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
    }
    created.1 = true;
    Ok(report)
}
