//! Synthetic rosters: valid, distinct people in a scattered order, as a
//! real province's roster would insert them into the ID index.

use std::io::Write;
use std::path::Path;

const AREAS: [&str; 30] = [
    "110105", "110108", "120101", "130102", "140105", "150102", "210102", "220102", "230102",
    "310104", "320102", "330102", "340102", "350102", "360102", "370102", "410102", "420102",
    "430102", "440103", "450102", "460105", "500103", "510104", "510107", "520102", "530102",
    "610102", "620102", "650102",
];
const SURNAMES: &[char] = &[
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
    '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹',
];
const GIVEN: &[char] = &[
    '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明',
    '超', '秀', '霞', '平', '刚', '桂', '英', '华', '玉', '萍', '红', '鹏', '飞', '堃',
];
/// Days between 1980-01-01 and 1999-12-31 used for birth dates.
const DAYS: u64 = 7300;
const SEQS: u64 = 1000;
/// A prime that does not divide the number of possible people, so that
/// i → i·P mod N visits distinct people in a scattered order.
const STRIDE: u64 = 1_000_003;

fn check_char(first17: &[u8]) -> u8 {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = first17
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    b"10X98765432"[(s % 11) as usize]
}

/// Person number `i` of a synthetic roster: ID number, name, phone.
pub fn person(i: u64) -> (String, String, String) {
    let total = AREAS.len() as u64 * DAYS * SEQS;
    let k = (i * STRIDE) % total;
    let area = AREAS[(k % AREAS.len() as u64) as usize];
    let day = (k / AREAS.len() as u64) % DAYS;
    let seq = k / (AREAS.len() as u64 * DAYS);
    let birth =
        chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap() + chrono::TimeDelta::days(day as i64);
    let mut id = format!("{area}{}{seq:03}", birth.format("%Y%m%d"));
    let c = check_char(id.as_bytes());
    id.push(c as char);
    let h = k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut name = String::new();
    name.push(SURNAMES[(h % SURNAMES.len() as u64) as usize]);
    name.push(GIVEN[((h >> 8) % GIVEN.len() as u64) as usize]);
    if h & (1 << 20) != 0 {
        name.push(GIVEN[((h >> 16) % GIVEN.len() as u64) as usize]);
    }
    let phone = format!("1{}{:09}", 3 + (h >> 24) % 7, (h >> 32) % 1_000_000_000);
    (id, name, phone)
}

pub const HEADER: [&str; 5] = ["招收年份", "姓名", "证件类型", "证件号码", "手机号码"];

/// Writes `rows` people as a UTF-8 CSV account roster, recruited over the
/// years 2015–2019.
pub fn write_csv(path: &Path, rows: u64) {
    write_csv_years(path, rows, |i| 2015 + i % 5);
}

/// Writes `rows` people as a roster, person `i` recruited in `year(i)`.
pub fn write_csv_years(path: &Path, rows: u64, year: impl Fn(u64) -> u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create roster"));
    writeln!(w, "{}", HEADER.join(",")).unwrap();
    for i in 0..rows {
        let (id, name, phone) = person(i);
        writeln!(w, "{},{name},居民身份证,{id},{phone}", year(i)).unwrap();
    }
    w.flush().unwrap();
}

/// Writes `rows` people (from `offset`) as an XLSX account roster with a
/// title row above the header, as the official template has.
pub fn write_xlsx(path: &Path, rows: u64, offset: u64) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("账号模板").unwrap();
    sheet
        .write_string(0, 0, "附件1 住院医师账号导入模板")
        .unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        let (id, name, phone) = person(offset + i);
        let r = i as u32 + 2;
        sheet.write_number(r, 0, (2015 + i % 5) as f64).unwrap();
        sheet.write_string(r, 1, &name).unwrap();
        sheet.write_string(r, 2, "居民身份证").unwrap();
        sheet.write_string(r, 3, &id).unwrap();
        sheet.write_string(r, 4, &phone).unwrap();
    }
    book.save(path).expect("save xlsx");
}

/// Writes the training information (培训信息) of people `0..rows`, all
/// recruited in `year`, six specialties in turn.
pub fn write_training(path: &Path, rows: u64, year: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    writeln!(
        w,
        "证件号码,姓名,招收年份,培训专业,人员类型,核定培训年限,培训开始时间,培训结束时间,培训状态"
    )
    .unwrap();
    let specialties = ["内科", "外科", "儿科", "全科", "妇产科", "麻醉科"];
    for i in 0..rows {
        let (id, name, _) = person(i);
        writeln!(
            w,
            "{id},{name},{year},{},社会人,3,{year}-09-01,{}-08-31,在培",
            specialties[(i % 6) as usize],
            year + 3
        )
        .unwrap();
    }
    w.flush().unwrap();
}
