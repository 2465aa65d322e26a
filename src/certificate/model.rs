//! A credit certificate (学分证明) as plain data, and every sentence it prints.
//!
//! The database layer fills a [`Certificate`]; the renderer lays it out. Both
//! the PDF and the glyph check read the text from here, so what is checked
//! is exactly what is printed.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::rules::credit::{CreditType, show};

/// Which credits a certificate covers (the CME platform's 合成I类II类综合学分证明,
/// 合成I类学分证明, 合成II类学分证明).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Class I and class II (I类II类综合).
    #[default]
    All,
    /// Class I only: national and provincial.
    ClassI,
    /// Class II only.
    ClassII,
}

impl Kind {
    /// `all`, `1` or `2`, as `--kind` takes it (also `I`, `II`, `i`, `ii`).
    pub fn parse(raw: &str) -> Option<Kind> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "all" | "0" | "12" => Some(Kind::All),
            "1" | "i" => Some(Kind::ClassI),
            "2" | "ii" => Some(Kind::ClassII),
            _ => None,
        }
    }

    /// The value `--kind` takes and the database stores: `all`, `1`, `2`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::All => "all",
            Kind::ClassI => "1",
            Kind::ClassII => "2",
        }
    }

    /// The CME platform's name of the certificate.
    pub fn label(self) -> &'static str {
        match self {
            Kind::All => "I类II类综合学分证明",
            Kind::ClassI => "I类学分证明",
            Kind::ClassII => "II类学分证明",
        }
    }

    /// Whether a record of this class is listed on a certificate of this kind.
    pub fn includes(self, class: CreditType) -> bool {
        match self {
            Kind::All => true,
            Kind::ClassI => class != CreditType::Class2,
            Kind::ClassII => class == CreditType::Class2,
        }
    }

    /// The line under the title; the sample (a combined certificate) has
    /// none, so only the single-class kinds say what they are.
    pub fn subtitle(self) -> Option<&'static str> {
        match self {
            Kind::All => None,
            Kind::ClassI => Some("(I类学分)"),
            Kind::ClassII => Some("(II类学分)"),
        }
    }
}

/// One approved (审核通过) credit record, as a table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// 项目编号.
    pub project_no: String,
    /// 项目名称.
    pub project_name: String,
    /// 学分, in tenths: credits have one decimal, and sums of tenths are exact.
    pub credits_tenths: i64,
    pub class: CreditType,
    /// 参加时间, first and last day.
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Row {
    /// The 参加时间 cell: `2017-07-21 至 2017-07-23`.
    pub fn period(&self) -> String {
        format!(
            "{} 至 {}",
            self.from.format("%Y-%m-%d"),
            self.to.format("%Y-%m-%d")
        )
    }

    /// The 学分 cell: `3.0`.
    pub fn credits(&self) -> String {
        show(self.credits_tenths)
    }
}

/// A year's credits, in tenths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    pub national_i: i64,
    pub provincial_i: i64,
    pub class_ii: i64,
}

/// One year of the span: its table and its summary sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearBlock {
    pub year: i32,
    /// In the order the caller gave them.
    pub rows: Vec<Row>,
}

impl YearBlock {
    /// The sums the summary sentence states, computed from the rows so that
    /// the sentence cannot disagree with the table above it.
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for r in &self.rows {
            match r.class {
                CreditType::National1 => t.national_i += r.credits_tenths,
                CreditType::Provincial1 => t.provincial_i += r.credits_tenths,
                CreditType::Class2 => t.class_ii += r.credits_tenths,
            }
        }
        t
    }
}

/// The column headings of every year's table.
pub const HEADERS: [&str; 5] = ["项目编号", "项目名称", "学分", "学分种类", "参加时间"];

/// Everything a certificate shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    /// The province's full name as printed in the title: `四川省`, `重庆市`,
    /// `广西壮族自治区` (see [`crate::rules::codes::Province::full`]).
    pub province: String,
    /// 单位.
    pub org_name: String,
    /// 姓名.
    pub person_name: String,
    /// 证件号码: not printed, but names the file.
    pub id_number: String,
    /// 职称 as printed, e.g. `无职称` or `主治医师`.
    pub title: String,
    pub from_year: i32,
    pub to_year: i32,
    pub kind: Kind,
    /// One block per year of the span, in order, including empty years.
    pub years: Vec<YearBlock>,
    /// The text after 认证机构: (may be empty: the seal goes there).
    pub authority: String,
    /// The issuing line, e.g. `四川省继续医学教育行政管理平台提供信息`.
    pub issuer: String,
    pub issue_date: NaiveDate,
    /// The verification code printed after `验证码:`.
    pub code: String,
}

impl Certificate {
    /// Groups `records` (year, row) into one block per year from `from_year`
    /// to `to_year`, keeping only the rows that `kind` lists and the years in
    /// the span; a year without records gets an empty block. The header
    /// fields start empty and the issue date at `issue_date`.
    pub fn with_records(
        from_year: i32,
        to_year: i32,
        kind: Kind,
        issue_date: NaiveDate,
        records: impl IntoIterator<Item = (i32, Row)>,
    ) -> Certificate {
        let mut years: Vec<YearBlock> = (from_year..=to_year)
            .map(|year| YearBlock {
                year,
                rows: Vec::new(),
            })
            .collect();
        for (year, row) in records {
            if year < from_year || year > to_year || !kind.includes(row.class) {
                continue;
            }
            years[(year - from_year) as usize].rows.push(row);
        }
        Certificate {
            province: String::new(),
            org_name: String::new(),
            person_name: String::new(),
            id_number: String::new(),
            title: String::new(),
            from_year,
            to_year,
            kind,
            years,
            authority: String::new(),
            issuer: String::new(),
            issue_date,
            code: String::new(),
        }
    }

    /// `四川省继续医学教育学分证明`.
    pub fn heading(&self) -> String {
        format!("{}继续医学教育学分证明", self.province)
    }

    /// `兹 <单位> <姓名> <职称> 于 <起> 至 <止> 年期间完成继续医学教育情况如下:`,
    /// spaced as the sample; an empty field leaves no double space.
    pub fn intro(&self) -> String {
        let mut s = String::from("兹");
        for part in [&self.org_name, &self.person_name, &self.title] {
            let part = part.trim();
            if !part.is_empty() {
                s.push(' ');
                s.push_str(part);
            }
        }
        s.push_str(&format!(
            " 于 {} 至 {} 年期间完成继续医学教育情况如下:",
            self.from_year, self.to_year
        ));
        s
    }

    /// The sentence under a year's table. Class I certificates state the
    /// national and provincial class I sums as the sample does; combined
    /// ones add the class II sum; class II ones state only that, since a
    /// class II certificate lists no class I record and "0.0" there would
    /// read as "none earned".
    pub fn summary(&self, block: &YearBlock) -> String {
        self.summary_of(block.year, block.totals())
    }

    /// The sentence of a year with these sums (as a signed payload states
    /// them, without the rows).
    pub fn summary_of(&self, year: i32, t: Totals) -> String {
        let (n, p, ii) = (show(t.national_i), show(t.provincial_i), show(t.class_ii));
        match self.kind {
            Kind::ClassI => {
                format!("该同志{year}年度,共计完成:国家级I类学分{n}分,省I类学分{p}分。")
            }
            Kind::All => format!(
                "该同志{year}年度,共计完成:国家级I类学分{n}分,省I类学分{p}分,II类学分{ii}分。"
            ),
            Kind::ClassII => format!("该同志{year}年度,共计完成:II类学分{ii}分。"),
        }
    }

    /// `认证机构:` and what follows it.
    pub fn authority_line(&self) -> String {
        format!("认证机构:{}", self.authority.trim())
    }

    /// The issue date as certificates write it: `2017年10月27日`.
    pub fn issue_date_text(&self) -> String {
        chinese_date(self.issue_date)
    }

    /// SHA-256 of everything the certificate states, in reading order, one
    /// piece per line, with the member's ID number; not the code (which
    /// names the text) nor page numbers (which depend on the font). Hex,
    /// lower case.
    pub fn digest(&self) -> String {
        crate::sign::to_hex(&self.digest_bytes())
    }

    /// [`Certificate::digest`] as bytes.
    pub fn digest_bytes(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        let mut line = |s: &str| {
            h.update(s.as_bytes());
            h.update(b"\n");
        };
        line("meded 学分证明 v1");
        line(&self.id_number);
        line(&self.heading());
        line(self.kind.subtitle().unwrap_or(""));
        line(&self.intro());
        for block in &self.years {
            for r in &block.rows {
                line(&format!(
                    "{}\t{}\t{}\t{}\t{}",
                    r.project_no,
                    r.project_name,
                    r.credits(),
                    r.class.certificate_label(),
                    r.period()
                ));
            }
            line(&self.summary(block));
        }
        line(&self.authority_line());
        line(&self.issuer);
        line(&self.issue_date_text());
        h.finalize().into()
    }

    /// `验证码: <code>`.
    pub fn code_line(&self) -> String {
        format!("验证码: {}", self.code)
    }

    /// Whether any year lists a record: a certificate without one is not
    /// issued in bulk.
    pub fn has_credits(&self) -> bool {
        self.years.iter().any(|y| !y.rows.is_empty())
    }

    /// How many records the certificate lists.
    pub fn record_count(&self) -> usize {
        self.years.iter().map(|y| y.rows.len()).sum()
    }

    /// Every piece of text the document prints, for the glyph check.
    pub fn texts(&self) -> Vec<String> {
        let mut out = vec![self.heading(), self.intro()];
        if let Some(s) = self.kind.subtitle() {
            out.push(s.to_owned());
        }
        out.extend(HEADERS.iter().map(|h| (*h).to_owned()));
        for block in &self.years {
            for r in &block.rows {
                out.push(r.project_no.clone());
                out.push(r.project_name.clone());
                out.push(r.credits());
                out.push(r.class.certificate_label().to_owned());
                out.push(r.period());
            }
            out.push(self.summary(block));
        }
        out.push(self.authority_line());
        out.push(self.issuer.clone());
        out.push(self.issue_date_text());
        out.push(self.code_line());
        // Page numbers, should the certificate run over a page.
        out.push("第 0123456789 页,共 页".to_owned());
        out
    }

    /// `<证件号码>_<姓名>_<起>-<止>.pdf`, with characters that no file
    /// system allows (or that would climb out of the directory) replaced.
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
            "{}_{}_{}-{}.pdf",
            safe(&self.id_number),
            safe(&self.person_name),
            self.from_year,
            self.to_year
        );
        // A leading dot would hide the file; ".." cannot arise after the
        // separators are gone, but a name may still start with one.
        match name.strip_prefix('.') {
            Some(rest) => format!("_{rest}"),
            None => name,
        }
    }
}

/// `2017年10月27日`: no zero padding, as Chinese dates are written.
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn row(no: &str, name: &str, t: i64, class: CreditType, from: &str, to: &str) -> Row {
    Row {
        project_no: no.into(),
        project_name: name.into(),
        credits_tenths: t,
        class,
        from: day(from),
        to: day(to),
    }
}

/// The CME platform's sample certificate (from its user manual) as data,
/// with a made-up name, ID number and code (the sample leaves the name out):
/// the example of the docs, tests and benchmarks (docs/certificate.md).
pub fn figure_27(kind: Kind) -> Certificate {
    use CreditType::*;
    let records = vec![
        (
            2017,
            row(
                "201745123",
                "国家级项目",
                20,
                National1,
                "2017-10-17",
                "2017-10-17",
            ),
        ),
        (
            2017,
            row(
                "17-01-09040386",
                "肝脏超声造影专题学习班",
                20,
                Provincial1,
                "2017-04-22",
                "2017-04-22",
            ),
        ),
        (
            2017,
            row(
                "17-01-09020369",
                "腹部急症及消化系统疾病超声诊断学习班",
                30,
                Provincial1,
                "2017-07-21",
                "2017-07-23",
            ),
        ),
        (
            2017,
            row(
                "17-01-04050370",
                "肾上腺外科疾病的多学科联合诊治学习班",
                30,
                Provincial1,
                "2017-06-23",
                "2017-06-25",
            ),
        ),
    ];
    let mut c = Certificate::with_records(2015, 2017, kind, day("2017-10-27"), records);
    c.province = "四川省".into();
    c.org_name = "四川省卫生和计划生育委员会".into();
    c.person_name = "张三".into();
    c.id_number = "510104199001011234".into();
    c.title = "无职称".into();
    c.issuer = "四川省继续医学教育行政管理平台提供信息".into();
    c.code = "7KQ2-M9XD-4TWP".into();
    c
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_27_sentences() {
        let c = figure_27(Kind::ClassI);
        assert_eq!(c.heading(), "四川省继续医学教育学分证明");
        assert_eq!(
            c.intro(),
            "兹 四川省卫生和计划生育委员会 张三 无职称 于 2015 至 2017 年期间完成继续医学教育情况如下:"
        );
        let s: Vec<String> = c.years.iter().map(|b| c.summary(b)).collect();
        assert_eq!(
            s,
            [
                "该同志2015年度,共计完成:国家级I类学分0.0分,省I类学分0.0分。",
                "该同志2016年度,共计完成:国家级I类学分0.0分,省I类学分0.0分。",
                "该同志2017年度,共计完成:国家级I类学分2.0分,省I类学分8.0分。",
            ]
        );
        assert_eq!(c.issue_date_text(), "2017年10月27日");
        assert_eq!(c.code_line(), "验证码: 7KQ2-M9XD-4TWP");
        assert_eq!(c.authority_line(), "认证机构:");
        assert_eq!(c.years[2].rows[2].period(), "2017-07-21 至 2017-07-23");
        assert_eq!(c.years[2].rows[2].credits(), "3.0");
    }

    #[test]
    fn kinds_filter_rows_and_word_the_summary() {
        let mut c = figure_27(Kind::All);
        c.years[1].rows.push(row(
            "II-2016-7",
            "科室业务学习",
            15,
            CreditType::Class2,
            "2016-03-01",
            "2016-03-01",
        ));
        assert_eq!(
            c.summary(&c.years[1]),
            "该同志2016年度,共计完成:国家级I类学分0.0分,省I类学分0.0分,II类学分1.5分。"
        );
        let records: Vec<(i32, Row)> = c
            .years
            .iter()
            .flat_map(|b| b.rows.iter().map(move |r| (b.year, r.clone())))
            .collect();
        let two =
            Certificate::with_records(2015, 2017, Kind::ClassII, c.issue_date, records.clone());
        assert_eq!(two.record_count(), 1);
        assert_eq!(
            two.summary(&two.years[1]),
            "该同志2016年度,共计完成:II类学分1.5分。"
        );
        assert_eq!(
            two.summary(&two.years[0]),
            "该同志2015年度,共计完成:II类学分0.0分。"
        );
        let one =
            Certificate::with_records(2015, 2017, Kind::ClassI, c.issue_date, records.clone());
        assert_eq!(one.record_count(), 4);
        // Records outside the span are left out, and every year has a block.
        let narrow = Certificate::with_records(2017, 2018, Kind::All, c.issue_date, records);
        assert_eq!(narrow.years.len(), 2);
        assert_eq!(narrow.record_count(), 4);
        assert!(narrow.years[1].rows.is_empty());
    }

    #[test]
    fn numbers_have_one_decimal() {
        assert_eq!(show(0), "0.0");
        assert_eq!(show(5), "0.5");
        assert_eq!(show(80), "8.0");
        assert_eq!(show(1234), "123.4");
        assert_eq!(chinese_date(day("2019-04-02")), "2019年4月2日");
    }

    #[test]
    fn kind_parses_what_the_option_takes() {
        assert_eq!(Kind::parse("all"), Some(Kind::All));
        assert_eq!(Kind::parse("1"), Some(Kind::ClassI));
        assert_eq!(Kind::parse("II"), Some(Kind::ClassII));
        assert_eq!(Kind::parse("3"), None);
    }

    #[test]
    fn intro_without_a_title_has_no_double_space() {
        let mut c = figure_27(Kind::All);
        c.title = " ".into();
        assert_eq!(
            c.intro(),
            "兹 四川省卫生和计划生育委员会 张三 于 2015 至 2017 年期间完成继续医学教育情况如下:"
        );
    }

    #[test]
    fn file_names_are_safe() {
        let mut c = figure_27(Kind::All);
        assert_eq!(c.file_name(), "510104199001011234_张三_2015-2017.pdf");
        c.person_name = "买买提·艾力/../x".into();
        c.id_number = ".hidden".into();
        let n = c.file_name();
        assert!(!n.contains('/') && !n.starts_with('.'), "{n}");
        assert_eq!(n, "_hidden_买买提·艾力_.._x_2015-2017.pdf");
    }
}
