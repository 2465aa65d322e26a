//! Lays a [`Certificate`] out on A4 pages as the CME platform's
//! certificate (docs/domain.md#certificate-layout) and writes the PDF.
//!
//! The page is built from printpdf operations: text as real text in the
//! font (printpdf embeds only the glyphs used, with a ToUnicode map, so the
//! text can be searched and copied), tables as ruled lines. Every position is
//! computed here, from the font's advance widths; nothing is left to a
//! layout engine, which keeps a certificate at a few milliseconds.

use std::io::Write;

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
    TextRenderingMode,
};

use super::font::Font;
use super::layout::wrap;
use super::model::{Certificate, HEADERS, Row};
use super::qr;
use super::seal::Sealed;
use crate::error::{Error, Result};
use crate::msg;
use crate::sign::SigningKey;

/// A4, in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
/// 20 mm margins left and right, a little more at the top.
const MARGIN_X: f32 = 56.7;
const MARGIN_TOP: f32 = 62.0;
const MARGIN_BOTTOM: f32 = 56.7;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const TITLE_SIZE: f32 = 20.0;
const SUBTITLE_SIZE: f32 = 12.0;
const BODY_SIZE: f32 = 11.0;
const BODY_LEADING: f32 = 1.75;
const CELL_SIZE: f32 = 9.5;
const CELL_LEADING: f32 = 1.4;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 4.0;
const RULE: f32 = 0.6;
const FOOTER_SIZE: f32 = 9.0;
/// Between the QR code and the closing block.
const QR_GAP: f32 = 14.0;

/// Where the ideographic em box sits in a line: CJK glyphs fill the em, and
/// Noto's em box runs from 0.88 em above the baseline to 0.12 em below.
const EM_TOP: f32 = 0.88;

/// The subset tag of the embedded font (PDF 32000-1 §9.6.4: six capital
/// letters before `+`); printpdf takes it from the font resource's name.
const FONT_RESOURCE: &str = "MEDEDA";

/// The one piece of text drawn at a place.
struct Text {
    x: f32,
    /// Baseline, from the top of the page.
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// One page under construction; y runs down from the top edge.
#[derive(Default)]
struct Page {
    texts: Vec<Text>,
    /// Filled rectangles: x, top, width, height.
    shades: Vec<(f32, f32, f32, f32)>,
    /// Ruled lines: x1, y1, x2, y2.
    rules: Vec<(f32, f32, f32, f32)>,
}

/// Column widths of a certificate's tables: the number, credits, type and
/// period columns as wide as their widest text, the name column the rest.
struct Columns {
    widths: [f32; 5],
}

impl Columns {
    fn measure(c: &Certificate, font: &Font) -> Columns {
        let w = |s: &str| font.width(s, CELL_SIZE) + 2.0 * CELL_PAD_X;
        let rows = || c.years.iter().flat_map(|y| y.rows.iter());
        let widest =
            |init: f32, f: &dyn Fn(&Row) -> String| rows().map(|r| w(&f(r))).fold(init, f32::max);
        // A very long project number wraps rather than squeeze the name.
        let number = widest(w(HEADERS[0]), &|r| r.project_no.clone()).min(CONTENT_W * 0.24);
        let credits = widest(w(HEADERS[2]), &|r| r.credits());
        let kind = widest(w(HEADERS[3]), &|r| r.class.certificate_label().to_owned());
        let period = widest(w("0000-00-00 至 0000-00-00"), &|r| r.period()).min(CONTENT_W * 0.3);
        let name = CONTENT_W - number - credits - kind - period;
        Columns {
            widths: [number, name, credits, kind, period],
        }
    }

    fn x(&self, i: usize) -> f32 {
        MARGIN_X + self.widths[..i].iter().sum::<f32>()
    }
}

/// How text sits in a cell.
#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Centre,
}

/// A table row ready to draw: each cell's lines, and the row's height.
struct Laid {
    cells: Vec<(Vec<String>, Align)>,
    height: f32,
    shaded: bool,
    /// One cell across the whole table (the year's summary).
    spanning: bool,
}

/// Lays out and draws pages, moving to a new page when something does not fit.
struct Writer<'a> {
    font: &'a Font,
    pages: Vec<Page>,
    /// The baseline-independent cursor: the top of the next thing, from the
    /// top of the page.
    y: f32,
}

impl<'a> Writer<'a> {
    fn new(font: &'a Font) -> Writer<'a> {
        Writer {
            font,
            pages: vec![Page::default()],
            y: MARGIN_TOP,
        }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a writer always has a page")
    }

    fn room(&self) -> f32 {
        PAGE_H - MARGIN_BOTTOM - self.y
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    /// Places a line of text whose line box starts at the cursor.
    fn text_at(&mut self, x: f32, line_top: f32, leading: f32, size: f32, bold: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        let y = line_top + (leading - 1.0) * size / 2.0 + EM_TOP * size;
        self.page().texts.push(Text {
            x,
            y,
            size,
            bold,
            text: text.to_owned(),
        });
    }

    /// A paragraph across the content width, left-aligned or centred.
    fn paragraph(&mut self, text: &str, size: f32, leading: f32, align: Align, bold: bool) {
        let lines = wrap(self.font, text, size, CONTENT_W);
        for line in lines {
            if self.room() < size * leading {
                self.new_page();
            }
            let x = match align {
                Align::Left => MARGIN_X,
                Align::Centre => MARGIN_X + (CONTENT_W - self.font.width(&line, size)) / 2.0,
            };
            let top = self.y;
            self.text_at(x, top, leading, size, bold, &line);
            self.y += size * leading;
        }
    }

    fn lay_row(&self, cols: &Columns, cells: &[(&str, Align)], shaded: bool) -> Laid {
        let spanning = cells.len() == 1;
        let laid: Vec<(Vec<String>, Align)> = cells
            .iter()
            .enumerate()
            .map(|(i, (text, align))| {
                let width = if spanning { CONTENT_W } else { cols.widths[i] };
                (
                    wrap(self.font, text, CELL_SIZE, width - 2.0 * CELL_PAD_X),
                    *align,
                )
            })
            .collect();
        let lines = laid.iter().map(|(l, _)| l.len()).max().unwrap_or(1) as f32;
        Laid {
            cells: laid,
            height: lines * CELL_SIZE * CELL_LEADING + 2.0 * CELL_PAD_Y,
            shaded,
            spanning,
        }
    }

    /// Draws a laid-out row at the cursor: its cells' text, vertically
    /// centred, and its rules (the top rule belongs to the row above, or to
    /// the header when the row opens a table or a page).
    fn draw_row(&mut self, cols: &Columns, row: &Laid, top_rule: bool) {
        let top = self.y;
        let bottom = top + row.height;
        if row.shaded {
            self.page()
                .shades
                .push((MARGIN_X, top, CONTENT_W, row.height));
        }
        let line_h = CELL_SIZE * CELL_LEADING;
        for (i, (lines, align)) in row.cells.iter().enumerate() {
            let (x0, width) = if row.spanning {
                (MARGIN_X, CONTENT_W)
            } else {
                (cols.x(i), cols.widths[i])
            };
            let block = lines.len() as f32 * line_h;
            let mut line_top = top + (row.height - block) / 2.0;
            for line in lines {
                let x = match align {
                    Align::Left => x0 + CELL_PAD_X,
                    Align::Centre => x0 + (width - self.font.width(line, CELL_SIZE)) / 2.0,
                };
                self.text_at(x, line_top, CELL_LEADING, CELL_SIZE, false, line);
                line_top += line_h;
            }
        }
        let right = MARGIN_X + CONTENT_W;
        let page = self.pages.last_mut().expect("a page");
        if top_rule {
            page.rules.push((MARGIN_X, top, right, top));
        }
        page.rules.push((MARGIN_X, bottom, right, bottom));
        page.rules.push((MARGIN_X, top, MARGIN_X, bottom));
        if !row.spanning {
            for i in 1..5 {
                let x = cols.x(i);
                page.rules.push((x, top, x, bottom));
            }
        }
        page.rules.push((right, top, right, bottom));
        self.y = bottom;
    }

    /// One year's table: header, records, and the summary across the foot.
    /// A row that does not fit goes to a new page under a repeated header.
    fn year_table(&mut self, cols: &Columns, header: &Laid, rows: &[Laid], summary: &Laid) {
        // Start on a new page unless the header and the first row fit.
        let first = rows.first().unwrap_or(summary);
        if self.room() < header.height + first.height {
            self.new_page();
        }
        self.draw_row(cols, header, true);
        for row in rows.iter().chain(std::iter::once(summary)) {
            if self.room() < row.height {
                self.new_page();
                self.draw_row(cols, header, true);
            }
            self.draw_row(cols, row, false);
        }
    }

    /// The page operations: shading, rules, then all text in one text object.
    fn finish(self, font_id: &FontId) -> Vec<PdfPage> {
        let total = self.pages.len();
        let font = self.font;
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, mut page)| {
                if total > 1 {
                    let footer = format!("第 {} 页,共 {} 页", i + 1, total);
                    let w = font.width(&footer, FOOTER_SIZE);
                    page.texts.push(Text {
                        x: (PAGE_W - w) / 2.0,
                        y: PAGE_H - MARGIN_BOTTOM / 2.0,
                        size: FOOTER_SIZE,
                        bold: false,
                        text: footer,
                    });
                }
                PdfPage::new(
                    Pt(PAGE_W).into(),
                    Pt(PAGE_H).into(),
                    page_ops(&page, font_id),
                )
            })
            .collect()
    }
}

fn page_ops(page: &Page, font_id: &FontId) -> Vec<Op> {
    let pt = |x: f32, y_down: f32| Point {
        x: Pt(x),
        y: Pt(PAGE_H - y_down),
    };
    let mut ops = Vec::with_capacity(page.texts.len() * 3 + page.rules.len() + 16);
    if !page.shades.is_empty() {
        ops.push(Op::SetFillColor { col: grey(0.93) });
        for &(x, top, w, h) in &page.shades {
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(PAGE_H - top - h),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
    }
    ops.push(Op::SetOutlineColor { col: grey(0.0) });
    ops.push(Op::SetFillColor { col: grey(0.0) });
    ops.push(Op::SetOutlineThickness { pt: Pt(RULE) });
    for &(x1, y1, x2, y2) in &page.rules {
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: pt(x1, y1),
                        bezier: false,
                    },
                    LinePoint {
                        p: pt(x2, y2),
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }
    ops.push(Op::StartTextSection);
    let mut size = 0.0;
    let mut bold = false;
    for t in &page.texts {
        if t.size != size {
            size = t.size;
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id.clone()),
                size: Pt(size),
            });
        }
        if t.bold != bold {
            bold = t.bold;
            // One weight ships; the title is made heavier by stroking the
            // outline of each glyph as well as filling it.
            if bold {
                ops.push(Op::SetOutlineThickness { pt: Pt(0.45) });
                ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::FillStroke,
                });
            } else {
                ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::Fill,
                });
            }
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(t.x), Pt(PAGE_H - t.y)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(t.text.clone())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// The characters of the certificate that `font` cannot draw, each once.
pub fn missing_glyphs(c: &Certificate, font: &Font) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for text in c.texts() {
        for ch in font.missing_glyphs(&text) {
            if !out.contains(&ch) {
                out.push(ch);
            }
        }
    }
    out
}

/// Refuses a certificate with a character the font cannot draw, naming the
/// characters and the person: a gap in a name on a certificate is worse
/// than no certificate.
pub fn check_glyphs(c: &Certificate, font: &Font) -> Result<()> {
    let missing = missing_glyphs(c, font);
    if missing.is_empty() {
        return Ok(());
    }
    let list = super::font::glyph_list(&missing);
    let (chars, chars_en) = (&list.zh, &list.en);
    let (name, id, label) = (&c.person_name, &c.id_number, font.label());
    Err(Error::Input(msg!(
        "{name}({id})的学分证明中有字体 {label} 无法显示的字符:{chars};请用 --font 指定包含这些字的字体",
        "the certificate of {name} ({id}) contains characters the font {label} cannot draw: {chars_en}; name a font that has them with --font"
    )))
}

/// Renders the certificate as a PDF: one A4 page, more when the tables run
/// over, with the table header repeated and the pages numbered. Refuses
/// (with [`Error::Input`]) a certificate holding a character the font lacks.
/// No QR code: see [`render_signed`].
pub fn render(c: &Certificate, font: &Font) -> Result<Vec<u8>> {
    render_with(c, font, None)
}

/// [`render`], with the QR code of the certificate's payload signed with
/// `key` beside the closing block, and the payload also in the document's
/// information dictionary (`/MededCertificate`), where `certificate verify
/// --pdf` reads it without decoding the picture.
pub fn render_signed(c: &Certificate, font: &Font, key: &SigningKey) -> Result<Vec<u8>> {
    render_with(c, font, Some(key))
}

/// The key of the document information entry that holds the payload.
pub const INFO_KEY: &str = "MededCertificate";

/// Where the QR code goes: the page, and its top right corner (x, and y
/// from the top of the page); its width depends on the payload.
#[derive(Clone, Copy)]
struct QrPlace {
    page: usize,
    right: f32,
    top: f32,
}

pub fn render_with(c: &Certificate, font: &Font, key: Option<&SigningKey>) -> Result<Vec<u8>> {
    check_glyphs(c, font)?;
    let mut w = Writer::new(font);

    w.paragraph(&c.heading(), TITLE_SIZE, 1.5, Align::Centre, true);
    if let Some(sub) = c.kind.subtitle() {
        w.paragraph(sub, SUBTITLE_SIZE, 1.5, Align::Centre, false);
    }
    w.y += 10.0;
    w.paragraph(&c.intro(), BODY_SIZE, BODY_LEADING, Align::Left, false);
    w.y += 6.0;

    let cols = Columns::measure(c, font);
    let header_cells: Vec<(&str, Align)> = HEADERS.iter().map(|h| (*h, Align::Centre)).collect();
    let header = w.lay_row(&cols, &header_cells, true);
    for block in &c.years {
        let rows: Vec<Laid> = block
            .rows
            .iter()
            .map(|r| {
                let credits = r.credits();
                let period = r.period();
                w.lay_row(
                    &cols,
                    &[
                        (&r.project_no, Align::Left),
                        (&r.project_name, Align::Left),
                        (&credits, Align::Centre),
                        (r.class.certificate_label(), Align::Centre),
                        (&period, Align::Centre),
                    ],
                    false,
                )
            })
            .collect();
        let summary = w.lay_row(&cols, &[(&c.summary(block), Align::Left)], false);
        w.year_table(&cols, &header, &rows, &summary);
        w.y += 12.0;
    }

    // The closing block sits at the right, where the seal goes, and stays
    // together on one page.
    let closing = [
        c.authority_line(),
        c.issuer.clone(),
        c.issue_date_text(),
        c.code_line(),
    ];
    let leading = BODY_SIZE * BODY_LEADING;
    let mut block_h = 24.0 + leading * closing.len() as f32;
    if key.is_some() {
        block_h = block_h.max(24.0 + qr::ROOM + 4.0);
    }
    if w.room() < block_h {
        w.new_page();
    } else {
        w.y += 24.0;
    }
    let widest = closing
        .iter()
        .map(|l| font.width(l, BODY_SIZE))
        .fold(0.0, f32::max);
    let x = (MARGIN_X + CONTENT_W - widest).max(MARGIN_X + CONTENT_W * 0.45);
    // The QR code stands left of the closing block, its top level with the
    // block's first line.
    let qr_place = key.map(|_| QrPlace {
        page: w.pages.len() - 1,
        right: x - QR_GAP,
        top: w.y + (BODY_LEADING - 1.0) * BODY_SIZE / 2.0,
    });
    for line in &closing {
        for part in wrap(font, line, BODY_SIZE, MARGIN_X + CONTENT_W - x) {
            let top = w.y;
            w.text_at(x, top, BODY_LEADING, BODY_SIZE, false, &part);
            w.y += leading;
        }
    }

    let font_id = FontId(FONT_RESOURCE.to_owned());
    let pages = w.finish(&font_id);
    let mut doc = PdfDocument::new(&format!(
        "{} {} {}-{}",
        c.heading(),
        c.person_name,
        c.from_year,
        c.to_year
    ));
    // Fixed metadata dates: the same certificate gives the same bytes.
    let stamp = issue_timestamp(c);
    doc.metadata.info.creation_date = stamp;
    doc.metadata.info.modification_date = stamp;
    doc.metadata.info.metadata_date = stamp;
    doc.metadata.info.producer = "meded".to_owned();
    doc.resources
        .fonts
        .map
        .insert(font_id, printpdf::font::PdfFont::new(font.parsed().clone()));
    doc.with_pages(pages);
    save(&doc, c, key.zip(qr_place))
}

/// 32 hex digits that differ between certificates: the code is unique per
/// issued certificate; the person and span tell apart uncoded drafts.
fn file_id(c: &Certificate) -> String {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        // SipHash with fixed keys: the same input gives the same digits.
        let mut h = std::hash::DefaultHasher::new();
        (
            salt,
            &c.code,
            &c.id_number,
            c.from_year,
            c.to_year,
            c.issue_date,
        )
            .hash(&mut h);
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

fn issue_timestamp(c: &Certificate) -> printpdf::OffsetDateTime {
    let secs = c
        .issue_date
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .timestamp();
    printpdf::OffsetDateTime::from_unix_timestamp(secs)
        .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0))
        .expect("the epoch is a valid time")
}

/// Compresses every stream of a document that is not compressed yet (an
/// embedded JPEG keeps its own DCT encoding) at `level`.
pub fn compress_streams(lo: &mut lopdf::Document, level: flate2::Compression) {
    for obj in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = obj {
            if stream.dict.get(b"Filter").is_ok() || stream.content.len() < 64 {
                continue;
            }
            let mut z = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 2),
                level,
            );
            // Writing to a Vec cannot fail.
            let _ = z.write_all(&stream.content);
            if let Ok(packed) = z.finish() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(packed);
            }
        }
    }
}

/// Serialises the document, compressing its streams at zlib level 2
/// instead of printpdf's maximum: against the default level 6 the files come
/// out 3 % larger and the whole certificate renders in a tenth less CPU
/// time (1.78 against 1.99 ms for the sample certificate with its QR code), which pays
/// for most of the QR code. Level 1 would save a quarter, for files a fifth
/// larger.
fn save(
    doc: &PdfDocument,
    c: &Certificate,
    seal: Option<(&SigningKey, QrPlace)>,
) -> Result<Vec<u8>> {
    let opts = PdfSaveOptions {
        optimize: false, // we compress below
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        // Above all a font that could not be subset: printpdf would embed
        // the whole font, megabytes per certificate.
        let (name, detail) = (&c.person_name, &w.msg);
        return Err(Error::Input(msg!(
            "无法生成 {name} 的学分证明 PDF:{detail}",
            "cannot write the certificate PDF of {name}: {detail}"
        )));
    }
    // printpdf draws the file identifier at random; one derived from what
    // identifies the certificate keeps the output reproducible.
    let id = file_id(c);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::string_literal(id.clone()),
            lopdf::Object::string_literal(id),
        ]),
    );
    if let Some((key, place)) = seal {
        seal_pages(&mut lo, c, key, place)?;
    }
    compress_streams(&mut lo, flate2::Compression::new(2));
    let mut out = Vec::with_capacity(64 * 1024);
    lo.save_to(&mut out).map_err(|e| Error::Io {
        msg: msg!("无法生成学分证明 PDF", "cannot write the certificate PDF"),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(out)
}

/// Hashes the pages as written, signs the certificate's payload with that
/// hash, draws its QR code on the closing block's page and puts the
/// payload in the document information dictionary.
fn seal_pages(
    lo: &mut lopdf::Document,
    c: &Certificate,
    key: &SigningKey,
    place: QrPlace,
) -> Result<()> {
    let failed = |detail: String| {
        let name = &c.person_name;
        Error::Input(msg!(
            "无法生成 {name} 的学分证明二维码:{detail}",
            "cannot draw the QR code of the certificate of {name}: {detail}"
        ))
    };
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    let contents: Vec<Vec<u8>> = pages.iter().map(|id| lo.get_page_content(*id)).collect();
    let hash = qr::page_hash(contents.iter().map(Vec::as_slice));
    let payload = Sealed::of(c, c.digest_bytes(), hash).sign(key);
    let section = qr::section(&payload, place.right, PAGE_H - place.top)
        .ok_or_else(|| failed(format!("{} characters", payload.len())))?;
    let page = *pages
        .get(place.page)
        .ok_or_else(|| failed("page".to_owned()))?;
    let stream_id = *lo
        .get_page_contents(page)
        .last()
        .ok_or_else(|| failed("content".to_owned()))?;
    let stream = lo
        .get_object_mut(stream_id)
        .and_then(lopdf::Object::as_stream_mut)
        .map_err(|e| failed(e.to_string()))?;
    if stream.dict.get(b"Filter").is_ok() {
        stream.decompress().map_err(|e| failed(e.to_string()))?;
    }
    let mut content = std::mem::take(&mut stream.content);
    content.extend_from_slice(&section);
    stream.set_content(content);
    let info = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .map_err(|e| failed(e.to_string()))?;
    lo.get_object_mut(info)
        .and_then(lopdf::Object::as_dict_mut)
        .map_err(|e| failed(e.to_string()))?
        .set(INFO_KEY, lopdf::Object::string_literal(payload));
    Ok(())
}
