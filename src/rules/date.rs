//! The one date parser: every form in which people type dates into rosters
//! (docs/domain.md#dates), and Excel serial numbers.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::text::normalize;

/// A year and month, for fields that hold a month (毕业时间 `2018-08`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Months since January of year 0: consecutive months are consecutive
    /// numbers, so that spans of months are arithmetic.
    pub fn number(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    /// The month of a [`Month::number`].
    pub fn from_number(n: i32) -> Month {
        Month {
            year: n.div_euclid(12),
            month: n.rem_euclid(12) as u32 + 1,
        }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        Month::from_number(self.number() + 1)
            .first_day()
            .pred_opt()
            .unwrap_or_default()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Splits typed text into its numeric parts: `2019年9月1日`, `2019/9/1`,
/// `2019.09.01` and `2019-09-01 08:00:00` all give `[2019, 9, 1, …]`;
/// `20190901` gives `[2019, 9, 1]` and `201809` gives `[2018, 9]`.
fn parts(raw: &str) -> Option<Vec<u32>> {
    let s = normalize(raw);
    let s = s.as_ref();
    if s.is_empty() {
        return None;
    }
    // A time after the date ("2019-09-01 00:00:00", "2019-09-01T00:00") is dropped.
    let date_part = s.split([' ', 'T']).next().unwrap_or(s);
    if date_part.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| date_part[r].parse::<u32>().ok();
        return match date_part.len() {
            8 => Some(vec![n(0..4)?, n(4..6)?, n(6..8)?]),
            6 => Some(vec![n(0..4)?, n(4..6)?]),
            _ => None,
        };
    }
    let mut out = Vec::with_capacity(3);
    for piece in date_part.split(['-', '/', '.', '年', '月', '日']) {
        if piece.is_empty() {
            continue;
        }
        if !piece.bytes().all(|b| b.is_ascii_digit()) || piece.len() > 4 {
            return None;
        }
        out.push(piece.parse().ok()?);
    }
    // Every separator form but 年月日 needs its pieces separated by one kind of mark.
    let marks: Vec<char> = date_part.chars().filter(|c| "-/.".contains(*c)).collect();
    if marks.windows(2).any(|w| w[0] != w[1]) {
        return None;
    }
    Some(out)
}

fn year_ok(y: u32) -> bool {
    (1000..=9999).contains(&y)
}

/// A calendar day in any of the typed forms. `None` when the text is not a
/// date, or names a day that does not exist.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    // Nearly every cell of a large file is written 2019-09-01: read it
    // without the general parser's allocations.
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *raw.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |d: &[u8]| d.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
            let y = n(&digits[..4]);
            return if year_ok(y) {
                NaiveDate::from_ymd_opt(y as i32, n(&digits[4..6]), n(&digits[6..]))
            } else {
                None
            };
        }
    }
    match *parts(raw)?.as_slice() {
        [y, m, d] if year_ok(y) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
}

/// A month: `2018-08`, `2018/8`, `2018年8月`, `201808`, or a full date of
/// which the day is dropped.
pub fn parse_month(raw: &str) -> Option<Month> {
    match *parts(raw)?.as_slice() {
        [y, m] if year_ok(y) && (1..=12).contains(&m) => Some(Month {
            year: y as i32,
            month: m,
        }),
        [y, m, d] if year_ok(y) => NaiveDate::from_ymd_opt(y as i32, m, d).map(Month::of),
        _ => None,
    }
}

/// A year: `2019`, `2019年`, `2019级`.
pub fn parse_year(raw: &str) -> Option<i32> {
    let s = normalize(raw);
    let digits = s.trim_end_matches(['年', '级']).trim();
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

/// The day an Excel serial number stands for (1900 date system: serial 1 is
/// 1900-01-01, and Excel's phantom 1900-02-29 is serial 60).
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    // Serials after the phantom leap day are one day ahead of the calendar.
    let epoch = if days >= 60 {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    };
    epoch.checked_add_signed(chrono::TimeDelta::days(days))
}

/// A moment as people type it for a window or a submission time: a day in
/// any [`parse_day`] form, then optionally a time of day (`8:00`, `08:00:30`)
/// after a blank or `T`: `2025-03-01 08:00`, `2025/3/1 8:00:00`,
/// `2025-03-01T08:00`. RFC 3339 with an offset (`2025-03-01T08:00:00+08:00`)
/// is read as this machine's local time. The time is `None` when only a day
/// was given: the caller decides whether that means its start or its end.
pub fn parse_moment(raw: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let s = normalize(raw);
    let s = s.as_ref();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        let local = t.with_timezone(&chrono::Local).naive_local();
        return Some((local.date(), Some(local.time())));
    }
    let (day, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let day = parse_day(day)?;
    let Some(time) = time.filter(|t| !t.is_empty()) else {
        return Some((day, None));
    };
    let parts: Vec<&str> = time.split(':').collect();
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (h, m, sec) = match parts.as_slice() {
        [h, m] => (num(h)?, num(m)?, 0),
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    Some((day, Some(NaiveTime::from_hms_opt(h, m, sec)?)))
}

/// The moment an Excel serial number with a fraction stands for, to the
/// second (`45717.3333…` is 2025-03-01 08:00:00).
pub fn moment_from_excel_serial(serial: f64) -> Option<NaiveDateTime> {
    let day = from_excel_serial(serial)?;
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as u32;
    let time = NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0)?;
    Some(day.and_time(time))
}

/// A moment as stored and shown: `2025-03-01 08:00:00`.
pub fn moment_text(t: NaiveDateTime) -> String {
    t.with_nanosecond(0)
        .unwrap_or(t)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_typed_day_form() {
        for s in [
            "2019-09-01",
            "2019/9/1",
            "2019.09.01",
            "2019年9月1日",
            "20190901",
            "2019-09-01 00:00:00",
            " ２０１９－０９－０１ ",
        ] {
            assert_eq!(parse_day(s), Some(d(2019, 9, 1)), "{s}");
        }
    }

    #[test]
    fn impossible_or_mixed_days_are_refused() {
        for s in [
            "1900-02-29",
            "2019-13-01",
            "2019-02-30",
            "2019-9",
            "2019/09-01",
            "abc",
            "",
        ] {
            assert_eq!(parse_day(s), None, "{s}");
        }
    }

    /// The fast path for 2019-09-01 agrees with the general parser.
    #[test]
    fn iso_days_read_as_the_general_parser_reads_them() {
        let general = |s: &str| match *parts(s)?.as_slice() {
            [y, m, d] if year_ok(y) => NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        };
        for s in [
            "2019-09-01",
            "2020-02-29",
            "2019-02-29",
            "2019-00-10",
            "2019-12-32",
            "0999-01-01",
            "9999-12-31",
            "1900-02-29",
        ] {
            assert_eq!(parse_day(s), general(s), "{s}");
        }
    }

    #[test]
    fn months() {
        let month = Month {
            year: 2018,
            month: 8,
        };
        let aug = Some(month);
        for s in [
            "2018-08",
            "2018/8",
            "2018.08",
            "2018年8月",
            "201808",
            "2018-08-15",
        ] {
            assert_eq!(parse_month(s), aug, "{s}");
        }
        assert_eq!(parse_month("2018-13"), None);
        assert_eq!(month.to_string(), "2018-08");
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2019"), Some(2019));
        assert_eq!(parse_year("2019年"), Some(2019));
        assert_eq!(parse_year("２０１９级"), Some(2019));
        assert_eq!(parse_year("19"), None);
        assert_eq!(parse_year("2019-09"), None);
    }

    #[test]
    fn moments() {
        let t = |h, m, s| Some(NaiveTime::from_hms_opt(h, m, s).unwrap());
        for (raw, want) in [
            ("2025-03-01 08:00", t(8, 0, 0)),
            ("2025/3/1 8:00:30", t(8, 0, 30)),
            ("2025-03-01T17:00", t(17, 0, 0)),
            ("2025年3月1日 23:59:59", t(23, 59, 59)),
            ("２０２５－０３－０１　０８：００", t(8, 0, 0)),
            ("2025-03-01", None),
        ] {
            assert_eq!(parse_moment(raw), Some((d(2025, 3, 1), want)), "{raw}");
        }
        for raw in [
            "2025-03-01 25:00",
            "2025-03-01 8",
            "2025-02-30 08:00",
            "8:00",
            "",
        ] {
            assert_eq!(parse_moment(raw), None, "{raw}");
        }
        let (day, time) = parse_moment("2025-03-01T08:00:00+00:00").unwrap();
        let utc = chrono::DateTime::parse_from_rfc3339("2025-03-01T08:00:00+00:00").unwrap();
        assert_eq!(
            day.and_time(time.unwrap()),
            utc.with_timezone(&chrono::Local).naive_local()
        );
        let eight = moment_from_excel_serial(45717.0 + 8.0 / 24.0).unwrap();
        assert_eq!(moment_text(eight), "2025-03-01 08:00:00");
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(43709.0), Some(d(2019, 9, 1)));
        assert_eq!(from_excel_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(from_excel_serial(59.0), Some(d(1900, 2, 28)));
        assert_eq!(from_excel_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(from_excel_serial(43709.75), Some(d(2019, 9, 1)));
        assert_eq!(from_excel_serial(0.0), None);
        assert_eq!(from_excel_serial(-5.0), None);
    }
}
