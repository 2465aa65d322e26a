//! Ruled forms as PDF: the page model of the résumé (个人简历表) and of
//! 变更详情. A form is rows of boxed cells — labels shaded, values plain,
//! changed values marked — laid out with the certificates' font and line
//! breaking, moving to a new page when a row does not fit, with JPEG
//! photos embedded as they are (DCTDecode: the file's own bytes, never
//! decoded or encoded again).
//!
//! Text is real text in the font (printpdf embeds only the glyphs used,
//! with a ToUnicode map): what a résumé says can be searched and copied.

use printpdf::{
    Color, CurTransMat, FontId, Greyscale, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Pt, Rect, TextItem, TextMatrix, TextRenderingMode,
    XObject, XObjectId, XObjectTransform,
    xobject::{DictItem, ExternalStream, ExternalXObject},
};

use crate::certificate::Font;
use crate::certificate::layout::wrap;
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;

/// A4, in points.
pub const A4: (f32, f32) = (595.28, 841.89);

/// Where the ideographic em box sits in a line: CJK glyphs fill the em, and
/// Noto's em box runs from 0.88 em above the baseline to 0.12 em below.
const EM_TOP: f32 = 0.88;
const CELL_PAD_X: f32 = 3.5;
const CELL_PAD_Y: f32 = 3.0;
const RULE: f32 = 0.6;
const FONT_RESOURCE: &str = "MEDEDR";

/// How a cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A field's name: shaded, centred.
    Label,
    /// A field's value: left-aligned.
    Value,
    /// A value that a change altered: shaded darker and marked.
    Changed,
    /// A section's or table's heading: shaded, heavier text, left.
    Heading,
    /// A table's column names: shaded, centred.
    Columns,
    /// Centred plain text ("无").
    Centre,
}

impl Style {
    fn shade(self) -> Option<f32> {
        match self {
            Style::Label | Style::Columns => Some(0.94),
            Style::Heading => Some(0.86),
            Style::Changed => Some(0.80),
            Style::Value | Style::Centre => None,
        }
    }

    fn centred(self) -> bool {
        matches!(self, Style::Label | Style::Columns | Style::Centre)
    }

    fn bold(self) -> bool {
        matches!(self, Style::Heading)
    }
}

/// One cell of a row: where it is and what it says.
#[derive(Debug, Clone)]
pub struct Cell {
    pub x: f32,
    pub w: f32,
    pub text: String,
    pub style: Style,
}

impl Cell {
    pub fn new(x: f32, w: f32, text: impl Into<String>, style: Style) -> Cell {
        Cell {
            x,
            w,
            text: text.into(),
            style,
        }
    }
}

/// A row laid out: each cell's lines, and the row's height.
#[derive(Debug, Clone)]
pub struct Laid {
    cells: Vec<(Cell, Vec<String>)>,
    pub height: f32,
}

impl Laid {
    /// Makes the row at least this tall.
    pub fn at_least(mut self, h: f32) -> Laid {
        self.height = self.height.max(h);
        self
    }
}

struct Text {
    x: f32,
    /// Baseline, from the top of the page.
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// A JPEG to embed: its bytes as they are, its pixel size and colours.
#[derive(Debug, Clone)]
pub struct Jpeg {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub components: u8,
}

#[derive(Default)]
struct Page {
    texts: Vec<Text>,
    /// Boxes: x, top, width, height, shade.
    boxes: Vec<(f32, f32, f32, f32, Option<f32>)>,
    /// Images: which, x, top, width, height.
    images: Vec<(usize, f32, f32, f32, f32)>,
}

/// A form under construction, page by page; y runs down from the top edge.
pub struct Form<'f> {
    font: &'f Font,
    pub width: f32,
    pub height: f32,
    pub margin_x: f32,
    margin_top: f32,
    margin_bottom: f32,
    pub size: f32,
    pub leading: f32,
    pages: Vec<Page>,
    images: Vec<Jpeg>,
    /// The top of the next thing on the page.
    pub y: f32,
}

impl<'f> Form<'f> {
    /// A form of pages `width`×`height` points, cells set at `size` points.
    pub fn new(font: &'f Font, (width, height): (f32, f32), margin: f32, size: f32) -> Form<'f> {
        Form {
            font,
            width,
            height,
            margin_x: margin,
            margin_top: margin,
            margin_bottom: margin,
            size,
            leading: 1.35,
            pages: vec![Page::default()],
            images: Vec::new(),
            y: margin,
        }
    }

    /// The width between the margins.
    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin_x
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a form always has a page")
    }

    /// Room left on the page below the cursor.
    pub fn room(&self) -> f32 {
        self.height - self.margin_bottom - self.y
    }

    /// Whether the cursor is at the top of a page (nothing drawn yet there).
    pub fn at_top(&self) -> bool {
        self.y <= self.margin_top + 0.01
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.margin_top;
    }

    fn place(&mut self, x: f32, line_top: f32, size: f32, bold: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        let y = line_top + (self.leading - 1.0) * size / 2.0 + EM_TOP * size;
        self.page().texts.push(Text {
            x,
            y,
            size,
            bold,
            text: text.to_owned(),
        });
    }

    /// A line of text across the page, centred or from the left margin,
    /// wrapped when too long.
    pub fn line(&mut self, text: &str, size: f32, centred: bool, bold: bool) {
        let max = self.content_width();
        for part in wrap(self.font, text, size, max) {
            if self.room() < size * self.leading {
                self.new_page();
            }
            let x = if centred {
                self.margin_x + (max - self.font.width(&part, size)) / 2.0
            } else {
                self.margin_x
            };
            let top = self.y;
            self.place(x, top, size, bold, &part);
            self.y += size * self.leading;
        }
    }

    /// Lays a row out: wraps each cell's text to its width.
    pub fn lay(&self, cells: Vec<Cell>) -> Laid {
        let line_h = self.size * self.leading;
        let mut lines_max = 1usize;
        let cells: Vec<(Cell, Vec<String>)> = cells
            .into_iter()
            .map(|c| {
                let lines = wrap(self.font, &c.text, self.size, c.w - 2.0 * CELL_PAD_X);
                lines_max = lines_max.max(lines.len());
                (c, lines)
            })
            .collect();
        Laid {
            cells,
            height: lines_max as f32 * line_h + 2.0 * CELL_PAD_Y,
        }
    }

    /// Draws a laid-out row at the cursor and moves below it.
    pub fn draw(&mut self, row: &Laid) {
        let top = self.y;
        let line_h = self.size * self.leading;
        let size = self.size;
        for (cell, lines) in &row.cells {
            self.page()
                .boxes
                .push((cell.x, top, cell.w, row.height, cell.style.shade()));
            let block = lines.len() as f32 * line_h;
            let mut line_top = top + (row.height - block) / 2.0;
            for line in lines {
                let x = if cell.style.centred() {
                    cell.x + (cell.w - self.font.width(line, size)) / 2.0
                } else {
                    cell.x + CELL_PAD_X
                };
                self.place(x, line_top, size, cell.style.bold(), line);
                line_top += line_h;
            }
        }
        self.y = top + row.height;
    }

    /// Draws an empty box (a photo's frame) at a place on the current page.
    pub fn frame(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.page().boxes.push((x, top, w, h, None));
    }

    /// Places a JPEG inside the box at (x, top) of w×h points, as large as
    /// fits with its proportions, centred.
    pub fn image(&mut self, jpeg: Jpeg, x: f32, top: f32, w: f32, h: f32) {
        let (iw, ih) = (jpeg.width.max(1) as f32, jpeg.height.max(1) as f32);
        let scale = (w / iw).min(h / ih);
        let (dw, dh) = (iw * scale, ih * scale);
        let at = self.images.len();
        self.images.push(jpeg);
        let (dx, dy) = (x + (w - dw) / 2.0, top + (h - dh) / 2.0);
        self.page().images.push((at, dx, dy, dw, dh));
    }

    /// Writes the PDF: `title` in its information, `stamp` as its dates
    /// (the same form gives the same bytes), `id` as its file identifier,
    /// and a page number under each page when there are several.
    pub fn finish(
        mut self,
        title: &str,
        stamp: printpdf::OffsetDateTime,
        id: &str,
    ) -> Result<Vec<u8>> {
        let total = self.pages.len();
        if total > 1 {
            let font = self.font;
            let size = 8.0;
            let (w, h, mb) = (self.width, self.height, self.margin_bottom);
            for (i, page) in self.pages.iter_mut().enumerate() {
                let footer = format!("第 {} 页,共 {} 页", i + 1, total);
                page.texts.push(Text {
                    x: (w - font.width(&footer, size)) / 2.0,
                    y: h - mb / 2.0,
                    size,
                    bold: false,
                    text: footer,
                });
            }
        }
        let font_id = FontId(FONT_RESOURCE.to_owned());
        let ids: Vec<XObjectId> = (0..self.images.len())
            .map(|i| XObjectId(format!("Photo{i}")))
            .collect();
        let pages: Vec<PdfPage> = self
            .pages
            .iter()
            .map(|p| {
                PdfPage::new(
                    Pt(self.width).into(),
                    Pt(self.height).into(),
                    ops(p, self.height, &font_id, &ids),
                )
            })
            .collect();
        let mut doc = PdfDocument::new(title);
        doc.metadata.info.creation_date = stamp;
        doc.metadata.info.modification_date = stamp;
        doc.metadata.info.metadata_date = stamp;
        doc.metadata.info.producer = "meded".to_owned();
        doc.resources.fonts.map.insert(
            font_id,
            printpdf::font::PdfFont::new(self.font.parsed().clone()),
        );
        for (jpeg, id) in self.images.into_iter().zip(ids) {
            doc.resources
                .xobjects
                .map
                .insert(id, XObject::External(embed(jpeg)));
        }
        doc.with_pages(pages);
        let opts = PdfSaveOptions {
            optimize: false, // compressed below
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
            let detail = &w.msg;
            return Err(Error::Input(msg!(
                "无法生成 PDF“{title}”:{detail}",
                "cannot write the PDF '{title}': {detail}"
            )));
        }
        lo.trailer.set(
            "ID",
            lopdf::Object::Array(vec![
                lopdf::Object::string_literal(id),
                lopdf::Object::string_literal(id),
            ]),
        );
        // zlib's fastest level: at the default level compressing took a
        // third of a résumé's time, for files a seventh smaller (47 KB
        // against 55 KB for a full two-page résumé).
        crate::certificate::render::compress_streams(&mut lo, flate2::Compression::fast());
        let mut out = Vec::with_capacity(64 * 1024);
        lo.save_to(&mut out).map_err(|e| Error::Io {
            msg: msg!("无法生成 PDF", "cannot write the PDF"),
            source: std::io::Error::other(e.to_string()),
        })?;
        Ok(out)
    }
}

/// A JPEG as an image XObject whose stream is the file itself (DCTDecode).
fn embed(jpeg: Jpeg) -> ExternalXObject {
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    let mut dict = std::collections::BTreeMap::new();
    dict.insert("Type".to_owned(), name("XObject"));
    dict.insert("Subtype".to_owned(), name("Image"));
    dict.insert("Width".to_owned(), DictItem::Int(i64::from(jpeg.width)));
    dict.insert("Height".to_owned(), DictItem::Int(i64::from(jpeg.height)));
    dict.insert("BitsPerComponent".to_owned(), DictItem::Int(8));
    dict.insert("Filter".to_owned(), name("DCTDecode"));
    let space = match jpeg.components {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    dict.insert("ColorSpace".to_owned(), name(space));
    if jpeg.components == 4 {
        // CMYK JPEGs (Adobe) store their inks inverted.
        let inverted = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
        dict.insert("Decode".to_owned(), DictItem::Array(inverted));
    }
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: jpeg.bytes,
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// The operations of a page: shading, images, box rules, then the text.
fn ops(page: &Page, height: f32, font_id: &FontId, images: &[XObjectId]) -> Vec<Op> {
    let rect = |x: f32, top: f32, w: f32, h: f32, mode: PaintMode| Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(x),
            y: Pt(height - top - h),
            width: Pt(w),
            height: Pt(h),
            mode: Some(mode),
            winding_order: None,
        },
    };
    let mut ops = Vec::with_capacity(page.texts.len() * 3 + page.boxes.len() * 2 + 16);
    let mut shade = None;
    for &(x, top, w, h, s) in &page.boxes {
        if let Some(level) = s {
            if shade != Some(level) {
                shade = Some(level);
                ops.push(Op::SetFillColor { col: grey(level) });
            }
            ops.push(rect(x, top, w, h, PaintMode::Fill));
        }
    }
    for &(at, x, top, w, h) in &page.images {
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([w, 0.0, 0.0, h, x, height - top - h]),
        });
        ops.push(Op::UseXobject {
            id: images[at].clone(),
            transform: XObjectTransform {
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }
    ops.push(Op::SetOutlineColor { col: grey(0.0) });
    ops.push(Op::SetFillColor { col: grey(0.0) });
    ops.push(Op::SetOutlineThickness { pt: Pt(RULE) });
    for &(x, top, w, h, _) in &page.boxes {
        ops.push(rect(x, top, w, h, PaintMode::Stroke));
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
            // One weight ships: heavier text is stroked as well as filled.
            if bold {
                ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
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
            matrix: TextMatrix::Translate(Pt(t.x), Pt(height - t.y)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(t.text.clone())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The characters of `texts` the font cannot draw, each once.
pub fn missing<'a>(font: &Font, texts: impl IntoIterator<Item = &'a str>) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for t in texts {
        for c in font.missing_glyphs(t) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// The refusal of a document holding characters the font cannot draw: a
/// gap in a name is worse than no document.
pub fn refuse_glyphs(what: &Msg, font: &Font, missing: &[char]) -> Error {
    let list = crate::certificate::font::glyph_list(missing);
    let (zh, en, label) = (&what.zh, &what.en, font.label());
    let (chars, chars_en) = (&list.zh, &list.en);
    Error::Input(msg!(
        "{zh}中有字体 {label} 无法显示的字符:{chars}",
        "{en} contains characters the font {label} cannot draw: {chars_en}"
    ))
}

/// A date as the PDF's own dates (midnight UTC of the day).
pub fn stamp(day: chrono::NaiveDate) -> printpdf::OffsetDateTime {
    let secs = day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
    printpdf::OffsetDateTime::from_unix_timestamp(secs)
        .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0))
        .expect("the epoch is a valid time")
}
