//! Synthetic CME members and their credit records: the people of
//! [`super::roster`], with technical titles, ten records each over 2013–2017.

use std::io::Write;
use std::path::Path;

use super::roster::person;

const TITLES: [&str; 7] = [
    "主任医师",
    "副主任护师",
    "技师系列 - 副主任技师(副高)",
    "主治医师",
    "主管药师",
    "医师",
    "护士",
];

/// Writes members `offset..offset + count` as a member roster.
pub fn write_members(path: &Path, count: u64, offset: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create roster"));
    writeln!(
        w,
        "姓名,证件类型,证件号码,手机号码,科室,技术职称,参加继教,电子邮箱,学分达标遵照"
    )
    .unwrap();
    for i in offset..offset + count {
        let (id, name, phone) = person(i);
        let title = TITLES[(i % TITLES.len() as u64) as usize];
        writeln!(
            w,
            "{name},居民身份证,{id},{phone},内科,{title},是,m{i}@example.cn,市州级"
        )
        .unwrap();
    }
    w.flush().unwrap();
}

/// A prime stride: members appear in a scattered order, as a province's
/// export lists them, not in the order they were imported.
const STRIDE: u64 = 7_919;

/// Writes ten records for each of `members` people: four national class-I
/// records in 2013–2016, and in 2017 one national (3.0), one provincial
/// (8.0) and four class-II records (5.0 each, or 2.5 for every seventh
/// member, who then falls 10 class-II credits short).
pub fn write_credits(path: &Path, members: u64) {
    write_credits_with(path, members, false)
}

/// As [`write_credits`], but with `distinct` every record names a project
/// of its own (as II类 self-study and paper credits do): the project number
/// carries the member's index.
pub fn write_credits_with(path: &Path, members: u64, distinct: bool) {
    let mut w = std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(path).expect("create credits"),
    );
    writeln!(
        w,
        "证件号码,姓名,项目编号,项目名称,学分,学分类型,开始日期,结束日期,学分获取形式,主办单位,举办年度,学科分类,备注"
    )
    .unwrap();
    for n in 0..members {
        let i = (n * STRIDE) % members;
        let (id, name, _) = person(i);
        let short = i.is_multiple_of(7);
        let mut row = |no: &str, credits: &str, kind: &str, year: u32, month: u32| {
            let no = if distinct {
                format!("{no}-{i}")
            } else {
                no.to_owned()
            };
            writeln!(
                w,
                "{id},{name},{year}-{no},{kind}继续医学教育项目{no},{credits},{kind},{year}-{month:02}-10,{year}-{month:02}-12,学习班,四川省医学会,{year},临床医学/内科学,"
            )
            .unwrap();
        };
        for (k, year) in (2013..=2016).enumerate() {
            row(&format!("N{k}"), "2.5", "国家级I类", year, 3 + k as u32);
        }
        row("N", "3.0", "国家级I类", 2017, 3);
        row("P", "8.0", "省级I类", 2017, 4);
        for k in 0..4 {
            row(
                &format!("C{k}"),
                if short { "2.5" } else { "5.0" },
                "II类",
                2017,
                5 + k,
            );
        }
    }
    w.flush().unwrap();
}
