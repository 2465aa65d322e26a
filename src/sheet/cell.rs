//! One spreadsheet cell, whatever format it came from.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::rules::date;
use crate::rules::text::normalize;

/// A cell's value. CSV gives only text; workbooks also give numbers, dates
/// and booleans, and the importers must know which (an ID number stored as
/// a number has lost digits).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    /// A formula error such as `#N/A`.
    Error(String),
}

impl Cell {
    /// Empty, or only blanks.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => crate::rules::text::is_blank(s),
            _ => false,
        }
    }

    /// Stored as a number by the spreadsheet program.
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_))
    }

    /// The value as a person sees it in the spreadsheet program: integers
    /// without `.0`, long numbers the way Excel shows them
    /// (`3.62301199202281E+17`), dates as `2019-09-01`.
    pub fn display(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Int(i) => Cow::Owned(i.to_string()),
            Cell::Float(f) => Cow::Owned(format_number(*f)),
            Cell::Bool(true) => Cow::Borrowed("TRUE"),
            Cell::Bool(false) => Cow::Borrowed("FALSE"),
            Cell::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Cell::Error(e) => Cow::Borrowed(e),
        }
    }

    /// The text, normalised (trimmed, NFKC): what the rules check.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(s) => normalize(s),
            other => Cow::Owned(other.display().into_owned()),
        }
    }

    /// A day: a date cell, an Excel serial number, or typed text.
    pub fn as_day(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            Cell::Int(i) => date::from_excel_serial(*i as f64),
            Cell::Float(f) => date::from_excel_serial(*f),
            Cell::Text(s) => date::parse_day(s),
            _ => None,
        }
    }

    /// A month: as [`Cell::as_day`], or typed as `2018-08`.
    pub fn as_month(&self) -> Option<date::Month> {
        match self {
            Cell::Text(s) => date::parse_month(s),
            other => other.as_day().map(date::Month::of),
        }
    }

    /// A whole number: a number cell without a fraction, or typed digits.
    pub fn as_whole(&self) -> Option<i64> {
        match self {
            Cell::Int(n) => Some(*n),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
            other => other.text().parse::<i64>().ok(),
        }
    }

    /// A year: `2019` as a number or text, `2019年`, or a date's year.
    pub fn as_year(&self) -> Option<i32> {
        match self {
            Cell::Int(i) if (1000..=9999).contains(i) => Some(*i as i32),
            Cell::Float(f) if f.fract() == 0.0 && (1000.0..=9999.0).contains(f) => Some(*f as i32),
            Cell::Text(s) => date::parse_year(s),
            Cell::Date(d) => Some(chrono::Datelike::year(d)),
            _ => None,
        }
    }
}

/// A number as Excel's General format shows it: whole numbers without a
/// fraction, numbers of 16 digits or more in scientific notation with the 15
/// significant digits Excel keeps, others in their shortest exact form.
fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    if f.abs() >= 1e15 {
        // Excel keeps 15 significant digits: 3.62301199202281E+17.
        let s = format!("{:.14E}", f);
        let (mantissa, exp) = s.split_once('E').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}E+{exp}");
    }
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_display_as_excel_shows_them() {
        assert_eq!(Cell::Float(2019.0).display(), "2019");
        assert_eq!(Cell::Float(3.5).display(), "3.5");
        assert_eq!(
            Cell::Float(362301199202281048.0).display(),
            "3.62301199202281E+17"
        );
        assert_eq!(Cell::Int(13607038482).display(), "13607038482");
    }

    #[test]
    fn dates_from_serials_and_text() {
        let d = NaiveDate::from_ymd_opt(2019, 9, 1);
        assert_eq!(Cell::Float(43709.0).as_day(), d);
        assert_eq!(Cell::Text("2019年9月1日".into()).as_day(), d);
        assert_eq!(Cell::Date(d.unwrap()).display(), "2019-09-01");
        assert_eq!(
            Cell::Text("2018-08".into()).as_month().unwrap().to_string(),
            "2018-08"
        );
    }

    #[test]
    fn years_from_numbers_and_text() {
        assert_eq!(Cell::Float(2019.0).as_year(), Some(2019));
        assert_eq!(Cell::Text("2019年".into()).as_year(), Some(2019));
        assert_eq!(Cell::Float(2019.5).as_year(), None);
        assert_eq!(Cell::Text("今年".into()).as_year(), None);
    }

    #[test]
    fn blank_cells() {
        assert!(Cell::Empty.is_blank());
        assert!(Cell::Text(" \u{3000}".into()).is_blank());
        assert!(!Cell::Float(0.0).is_blank());
    }
}
