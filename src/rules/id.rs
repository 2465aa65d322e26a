//! Identity documents (证件类型) and their numbers (证件号码):
//! docs/domain.md#id-numbers.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::codes::Province;
use super::text::{identifier, normalize};
use crate::i18n::Msg;
use crate::msg;

/// The kinds of identity document an account may be opened with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdType {
    /// 居民身份证
    ResidentCard,
    /// 港澳居民来往内地通行证
    HkMacaoPermit,
    /// 台湾居民来往大陆通行证
    TaiwanPermit,
    /// 港澳台居民居住证
    ResidencePermit,
    /// 外国人永久居留身份证
    ForeignPermanent,
    /// 护照
    Passport,
}

impl IdType {
    pub const ALL: [IdType; 6] = [
        IdType::ResidentCard,
        IdType::HkMacaoPermit,
        IdType::TaiwanPermit,
        IdType::ResidencePermit,
        IdType::ForeignPermanent,
        IdType::Passport,
    ];

    /// The official name, as stored and as the templates list it.
    pub fn label(self) -> &'static str {
        match self {
            IdType::ResidentCard => "居民身份证",
            IdType::HkMacaoPermit => "港澳居民来往内地通行证",
            IdType::TaiwanPermit => "台湾居民来往大陆通行证",
            IdType::ResidencePermit => "港澳台居民居住证",
            IdType::ForeignPermanent => "外国人永久居留身份证",
            IdType::Passport => "护照",
        }
    }

    /// Recognises the official names and the names people actually type
    /// (身份证, 台胞证, 回乡证, passport …). An empty cell means the 居民身份证 that
    /// nearly every roster holds.
    pub fn parse(raw: &str) -> Option<IdType> {
        let s = normalize(raw).to_lowercase();
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        Some(match s.as_str() {
            ""
            | "居民身份证"
            | "身份证"
            | "二代身份证"
            | "第二代居民身份证"
            | "中华人民共和国居民身份证"
            | "大陆居民身份证"
            | "idcard"
            | "residentidcard"
            | "1"
            | "01" => IdType::ResidentCard,
            "港澳居民来往内地通行证" | "港澳通行证" | "回乡证" | "港澳居民通行证" => {
                IdType::HkMacaoPermit
            }
            "台湾居民来往大陆通行证" | "台胞证" | "台湾通行证" => {
                IdType::TaiwanPermit
            }
            "港澳台居民居住证" | "居住证" | "港澳居民居住证" | "台湾居民居住证" => {
                IdType::ResidencePermit
            }
            "外国人永久居留身份证" | "外国人永久居留证" | "永久居留证" | "永久居留身份证" => {
                IdType::ForeignPermanent
            }
            "护照" | "中国护照" | "外国护照" | "passport" => IdType::Passport,
            _ => return None,
        })
    }
}

/// The ID type of a row: the 证件类型 cell as written, or, when it is left
/// blank, 居民身份证 if the number is written as one (17 digits and a check
/// character, or the old 15 digits) — the type is required, and such a
/// number says it. Any other number with a blank type cannot be read, and
/// is refused at the type (`Err`), as is a type nobody knows.
pub fn type_of(raw_type: &str, number: &str) -> Result<IdType, Msg> {
    let written = normalize(raw_type);
    if written.trim().is_empty() {
        let n: String = normalize(number)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let c: Vec<char> = n.chars().collect();
        let digits = |s: &[char]| s.iter().all(char::is_ascii_digit);
        let resident = match c.len() {
            18 => digits(&c[..17]) && (c[17].is_ascii_digit() || c[17] == 'X' || c[17] == 'x'),
            15 => digits(&c),
            _ => false,
        };
        return if resident || n.is_empty() {
            Ok(IdType::ResidentCard)
        } else {
            Err(msg!(
                "证件类型为空,而证件号码“{n}”不是居民身份证号码:请填写证件类型",
                "the ID type is empty, and the number '{n}' is no 居民身份证 number: fill in the ID type"
            ))
        };
    }
    IdType::parse(raw_type).ok_or_else(|| {
        let all: Vec<&str> = IdType::ALL.iter().map(|t| t.label()).collect();
        let all = all.join("、");
        let shown = raw_type.trim();
        msg!(
            "不认识的证件类型“{shown}”(可用:{all})",
            "unknown ID type '{shown}' (use one of: {all})"
        )
    })
}

/// Sex, from the sequence number of an ID number or a typed 男/女.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// 男/女, 男性/女性, M/F, male/female.
    pub fn parse(raw: &str) -> Option<Sex> {
        match normalize(raw).to_lowercase().as_str() {
            "男" | "男性" | "m" | "male" | "1" => Some(Sex::Male),
            "女" | "女性" | "f" | "female" | "2" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// A checked ID number, in the form that is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    pub number: String,
    /// Birth date, for the numbers that carry one.
    pub birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    /// The old 15-digit number this one was upgraded from.
    pub upgraded_from: Option<String>,
}

/// Why an ID number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    Empty,
    /// The cell was stored as a number and has lost digits or leading zeros.
    StoredAsNumber {
        shown: String,
    },
    Length {
        len: usize,
    },
    NotDigits,
    Checksum {
        expected: char,
    },
    NoSuchDate {
        date: String,
    },
    FutureBirth {
        date: NaiveDate,
    },
    NoSuchProvince {
        code: String,
    },
    Pattern {
        id_type: IdType,
    },
}

const STORED_AS_NUMBER_HINT_ZH: &str = "该单元格被存为数字,请把该列设为文本格式后重新录入";
const STORED_AS_NUMBER_HINT_EN: &str =
    "the cell was stored as a number; format the column as text and re-enter";

impl IdProblem {
    pub fn msg(&self) -> Msg {
        match self {
            IdProblem::Empty => msg!("证件号码为空", "the ID number is empty"),
            IdProblem::StoredAsNumber { shown } => msg!(
                "证件号码 {shown} 已丢失数字:{STORED_AS_NUMBER_HINT_ZH}",
                "ID number {shown} has lost digits: {STORED_AS_NUMBER_HINT_EN}"
            ),
            IdProblem::Length { len } => msg!(
                "居民身份证号码应为 18 位(或旧的 15 位),这里是 {len} 位",
                "a resident ID number has 18 characters (or the old 15), this one has {len}"
            ),
            IdProblem::NotDigits => msg!(
                "居民身份证号码只能含数字和末位的 X",
                "a resident ID number holds only digits and a final X"
            ),
            IdProblem::Checksum { expected } => msg!(
                "校验位错误,按前 17 位应为 {expected}",
                "wrong check character: the first 17 digits give {expected}"
            ),
            IdProblem::NoSuchDate { date } => msg!(
                "出生日期 {date} 不存在",
                "the birth date {date} does not exist"
            ),
            IdProblem::FutureBirth { date } => msg!(
                "出生日期 {date} 在将来",
                "the birth date {date} is in the future"
            ),
            IdProblem::NoSuchProvince { code } => msg!(
                "前两位 {code} 不是省级行政区划代码",
                "the first two digits {code} are not a province code"
            ),
            IdProblem::Pattern { id_type } => {
                let label = id_type.label();
                let pattern = pattern_hint(*id_type);
                msg!(
                    "不是有效的{label}号码(应为 {pattern})",
                    "not a valid {label} number (expected {pattern})"
                )
            }
        }
    }
}

fn pattern_hint(t: IdType) -> &'static str {
    match t {
        IdType::ResidentCard => "18 位数字,末位可为 X",
        IdType::HkMacaoPermit => "H/M + 8 或 10 位数字",
        IdType::TaiwanPermit => "8 位数字,或旧的 10 位数字",
        IdType::ResidencePermit => "810000/820000/830000 开头的 18 位",
        IdType::ForeignPermanent => "9 开头的 18 位,或旧的 3 个字母 + 12 位数字",
        IdType::Passport => "5–20 位字母或数字",
    }
}

static HK_MACAO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[HM]\d{8}(\d{2})?$").unwrap());
static TAIWAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{8}|\d{10}(\([A-Z0-9]\))?)$").unwrap());
static RESIDENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^8[123]0000\d{8}\d{3}[\dX]$").unwrap());
static FOREIGN_NEW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^9\d{16}[\dX]$").unwrap());
static FOREIGN_OLD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z]{3}\d{12}$").unwrap());
static PASSPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z0-9]{5,20}$").unwrap());

/// GB 11643 check character of the first 17 digits.
pub fn check_char(first17: &[u8]) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [u8; 11] = *b"10X98765432";
    let s: u32 = first17
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    C[(s % 11) as usize] as char
}

/// Does this text look like what a spreadsheet shows for a long number it
/// has rounded: `3.62301199202281E+17`?
///
/// The `+` is required (Excel always writes it): a passport number such as
/// `12E45678` is not a rounded number.
fn is_scientific(s: &str) -> bool {
    let Some((mantissa, exp)) = s.split_once(['E', 'e']) else {
        return false;
    };
    let Some(exp) = exp.strip_prefix('+') else {
        return false;
    };
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !exp.is_empty()
        && exp.bytes().all(|b| b.is_ascii_digit())
}

/// Checks an 18-character number that embeds a birth date and a GB 11643
/// check character (居民身份证, 港澳台居民居住证, the 2023 永久居留身份证).
fn check_gb11643(n: &str, today: NaiveDate, check_province: bool) -> Result<IdNumber, IdProblem> {
    let b = n.as_bytes();
    if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
        return Err(IdProblem::NotDigits);
    }
    if check_province && Province::by_code(&n[..2]).is_none() {
        return Err(IdProblem::NoSuchProvince {
            code: n[..2].to_owned(),
        });
    }
    let (y, m, d) = (&n[6..10], &n[10..12], &n[12..14]);
    let birth = NaiveDate::from_ymd_opt(
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    )
    .ok_or_else(|| IdProblem::NoSuchDate {
        date: format!("{y}-{m}-{d}"),
    })?;
    if birth > today {
        return Err(IdProblem::FutureBirth { date: birth });
    }
    let expected = check_char(&b[..17]);
    if b[17] as char != expected {
        return Err(IdProblem::Checksum { expected });
    }
    let sex = if (b[16] - b'0') % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(IdNumber {
        number: n.to_owned(),
        birth: Some(birth),
        sex: Some(sex),
        upgraded_from: None,
    })
}

/// Checks an ID number of the given type as typed in a cell. `numeric` says
/// the cell was stored as a number by the spreadsheet program, which loses
/// digits past the fifteenth and leading zeros; `today` bounds birth dates.
pub fn check(
    id_type: IdType,
    raw: &str,
    numeric: bool,
    today: NaiveDate,
) -> Result<IdNumber, IdProblem> {
    let n = identifier(raw);
    if n.is_empty() {
        return Err(IdProblem::Empty);
    }
    if is_scientific(&n) || (numeric && n.trim_end_matches(".0").len() > 15) {
        return Err(IdProblem::StoredAsNumber {
            shown: normalize(raw).into_owned(),
        });
    }
    let result = check_typed(id_type, &n, today);
    match result {
        // A short number typed into a number cell may have lost leading zeros.
        Err(IdProblem::Pattern { .. } | IdProblem::Length { .. }) if numeric => {
            Err(IdProblem::StoredAsNumber {
                shown: normalize(raw).into_owned(),
            })
        }
        other => other,
    }
}

fn check_typed(id_type: IdType, n: &str, today: NaiveDate) -> Result<IdNumber, IdProblem> {
    let plain = |n: &str| IdNumber {
        number: n.to_owned(),
        birth: None,
        sex: None,
        upgraded_from: None,
    };
    let pattern = |re: &Regex| {
        if re.is_match(n) {
            Ok(plain(n))
        } else {
            Err(IdProblem::Pattern { id_type })
        }
    };
    match id_type {
        IdType::ResidentCard => match n.len() {
            18 => check_gb11643(n, today, true),
            15 => {
                if !n.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(IdProblem::NotDigits);
                }
                let mut up = format!("{}19{}", &n[..6], &n[6..]);
                up.push(check_char(up.as_bytes()));
                let mut id = check_gb11643(&up, today, true)?;
                id.upgraded_from = Some(n.to_owned());
                Ok(id)
            }
            _ => Err(IdProblem::Length {
                len: n.chars().count(),
            }),
        },
        IdType::ResidencePermit => {
            if !RESIDENCE.is_match(n) {
                return Err(IdProblem::Pattern { id_type });
            }
            check_gb11643(n, today, false)
        }
        IdType::ForeignPermanent => {
            if FOREIGN_OLD.is_match(n) {
                return Ok(plain(n));
            }
            if !FOREIGN_NEW.is_match(n) {
                return Err(IdProblem::Pattern { id_type });
            }
            let expected = check_char(&n.as_bytes()[..17]);
            if n.as_bytes()[17] as char != expected {
                return Err(IdProblem::Checksum { expected });
            }
            Ok(plain(n))
        }
        IdType::HkMacaoPermit => pattern(&HK_MACAO),
        IdType::TaiwanPermit => pattern(&TAIWAN),
        IdType::Passport => pattern(&PASSPORT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn card(raw: &str) -> Result<IdNumber, IdProblem> {
        check(IdType::ResidentCard, raw, false, today())
    }

    #[test]
    fn domain_valid_vectors() {
        let cases = [
            ("11010519491231002X", Sex::Female, (1949, 12, 31)),
            ("110101199003070011", Sex::Male, (1990, 3, 7)),
            ("310115198511200020", Sex::Female, (1985, 11, 20)),
            ("440305200002290037", Sex::Male, (2000, 2, 29)),
            ("362301199202281048", Sex::Female, (1992, 2, 28)),
        ];
        for (n, sex, (y, m, d)) in cases {
            let id = card(n).unwrap_or_else(|e| panic!("{n}: {e:?}"));
            assert_eq!(id.number, n);
            assert_eq!(id.sex, Some(sex));
            assert_eq!(id.birth, NaiveDate::from_ymd_opt(y, m, d));
        }
    }

    #[test]
    fn lower_case_x_is_stored_upper_case() {
        assert_eq!(
            card("11010519491231002x").unwrap().number,
            "11010519491231002X"
        );
    }

    #[test]
    fn full_width_digits_are_accepted() {
        assert_eq!(
            card("１１０１０１１９９００３０７００１１").unwrap().number,
            "110101199003070011"
        );
    }

    #[test]
    fn domain_invalid_vectors() {
        assert_eq!(
            card("110101199003070010"),
            Err(IdProblem::Checksum { expected: '1' })
        );
        assert!(matches!(
            card("440305190002290030"),
            Err(IdProblem::NoSuchDate { .. })
        ));
        assert_eq!(
            card("990101199003070015"),
            Err(IdProblem::NoSuchProvince { code: "99".into() })
        );
        assert!(matches!(
            card("110101209901010017"),
            Err(IdProblem::FutureBirth { .. })
        ));
        assert_eq!(
            card("11010119900307001"),
            Err(IdProblem::Length { len: 17 })
        );
        assert_eq!(card(""), Err(IdProblem::Empty));
        assert_eq!(card("11010119900307001A"), Err(IdProblem::NotDigits));
    }

    #[test]
    fn births_before_1900_are_not_refused() {
        let mut n = String::from("11010118891231001");
        n.push(check_char(n.as_bytes()));
        assert!(card(&n).is_ok());
    }

    #[test]
    fn fifteen_digit_numbers_are_upgraded() {
        let id = card("110105491231002").unwrap();
        assert_eq!(id.number, "11010519491231002X");
        assert_eq!(id.upgraded_from.as_deref(), Some("110105491231002"));
    }

    #[test]
    fn numbers_stored_as_numbers_are_refused() {
        assert!(matches!(
            card("3.62301199202281E+17"),
            Err(IdProblem::StoredAsNumber { .. })
        ));
        assert!(matches!(
            check(IdType::ResidentCard, "362301199202281000", true, today()),
            Err(IdProblem::StoredAsNumber { .. })
        ));
        // An 8-digit Taiwan permit number that lost its leading zero.
        assert!(matches!(
            check(IdType::TaiwanPermit, "1234567", true, today()),
            Err(IdProblem::StoredAsNumber { .. })
        ));
        // A 15-digit number survives a number cell intact.
        assert!(check(IdType::ResidentCard, "110105491231002", true, today()).is_ok());
        let m = IdProblem::StoredAsNumber {
            shown: "3.6E+17".into(),
        }
        .msg();
        assert!(m.en.contains("format the column as text"));
        assert!(m.zh.contains("文本格式"));
    }

    #[test]
    fn other_document_types() {
        let ok = |t, n| check(t, n, false, today()).is_ok();
        assert!(ok(IdType::HkMacaoPermit, "H12345678"));
        assert!(ok(IdType::HkMacaoPermit, "m1234567801"));
        assert!(!ok(IdType::HkMacaoPermit, "X12345678"));
        assert!(ok(IdType::TaiwanPermit, "12345678"));
        assert!(ok(IdType::TaiwanPermit, "1234567890(B)"));
        assert!(!ok(IdType::TaiwanPermit, "123456789"));
        assert!(ok(IdType::ForeignPermanent, "911398199012310021"));
        assert!(!ok(IdType::ForeignPermanent, "911398199012310022"));
        assert!(ok(IdType::ForeignPermanent, "USA123456789012"));
        assert!(ok(IdType::Passport, "E12345678"));
        assert!(ok(IdType::Passport, "X1234567Y"));
        // An E between digits is a letter of the number, not an exponent.
        assert!(ok(IdType::Passport, "12E45678"));
        assert!(!ok(IdType::Passport, "E12"));
        let mut permit = String::from("81000019900307001");
        permit.push(check_char(permit.as_bytes()));
        assert!(ok(IdType::ResidencePermit, &permit));
        assert!(!ok(IdType::ResidencePermit, "110101199003070011"));
    }

    #[test]
    fn id_type_names_people_type() {
        assert_eq!(IdType::parse("身份证"), Some(IdType::ResidentCard));
        assert_eq!(IdType::parse(""), Some(IdType::ResidentCard));
        assert_eq!(IdType::parse("台胞证"), Some(IdType::TaiwanPermit));
        assert_eq!(IdType::parse("Passport"), Some(IdType::Passport));
        assert_eq!(IdType::parse("驾驶证"), None);
        for t in IdType::ALL {
            assert_eq!(IdType::parse(t.label()), Some(t));
        }
    }

    #[test]
    fn sex_variants() {
        assert_eq!(Sex::parse("男性"), Some(Sex::Male));
        assert_eq!(Sex::parse(" 女 "), Some(Sex::Female));
        assert_eq!(Sex::parse("未知"), None);
    }
}
