//! Synthetic technical archives: the members of [`super::roster`] with a
//! complete 个人基本信息 and a full page of lists (3 educations, 2
//! trainings, 3 jobs, 2 awards, 4 papers), as a unit's busiest members
//! fill them in.

use meded::archive::fields::{LISTS, Section};
use meded::archive::model::{Archive, Values};

use super::roster::person;

const SCHOOLS: [&str; 6] = [
    "四川大学华西临床医学院",
    "重庆医科大学",
    "川北医学院",
    "西南医科大学",
    "成都中医药大学",
    "北京大学医学部",
];
const MAJORS: [&str; 5] = ["临床医学", "医学影像学", "护理学", "药学", "口腔医学"];
const UNITS: [&str; 4] = [
    "成都市第三人民医院",
    "四川省人民医院",
    "绵阳市中心医院",
    "德阳市人民医院",
];

/// A row of a sheet: (label, value) pairs.
pub type Row = Vec<(&'static str, String)>;

/// Member `i`'s rows, sheet by sheet.
pub fn rows(i: u64) -> Vec<(Section, Vec<Row>)> {
    let (id, name, phone) = person(i);
    // The year the timeline starts from: dates stay in the past.
    let y: u32 = id[6..10].parse::<u32>().unwrap_or(1985).min(1990);
    let pick = |list: &[&'static str], k: u64| list[((i + k) % list.len() as u64) as usize];
    let sex = if (id.as_bytes()[16] - b'0') % 2 == 1 {
        "男"
    } else {
        "女"
    };
    let basic = vec![
        ("姓名", name.clone()),
        ("性别", sex.to_owned()),
        (
            "出生日期",
            format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]),
        ),
        ("出生地", "四川省成都市武侯区".to_owned()),
        ("民族", "汉族".to_owned()),
        ("籍贯", "四川成都".to_owned()),
        ("政治面貌", "中共党员".to_owned()),
        ("婚姻状况", "已婚".to_owned()),
        ("证件类型", "居民身份证".to_owned()),
        (
            "通讯地址",
            format!("成都市武侯区人民南路四段{}号", i % 300 + 1),
        ),
        ("邮政编码", "610041".to_owned()),
        ("联系电话", phone),
        ("电子邮箱", format!("member{i}@hospital.cn")),
        ("家庭住址", format!("成都市青羊区西御街{}号", i % 200 + 1)),
        ("毕业学校", pick(&SCHOOLS, 0).to_owned()),
        ("毕业时间", format!("{}-07", y + 23)),
        ("所学专业", pick(&MAJORS, 0).to_owned()),
        ("最高学历", "硕士研究生".to_owned()),
        ("最高学位", "硕士".to_owned()),
        ("外语语种", "英语".to_owned()),
        ("外语等级", "六级".to_owned()),
        ("工作单位", pick(&UNITS, 0).to_owned()),
        ("工作性质", "在编".to_owned()),
        ("参加工作时间", format!("{}-08-01", y + 23)),
        ("所属市州", "成都市".to_owned()),
        ("行政职务", "科室副主任".to_owned()),
        ("执业科目", "内科专业".to_owned()),
        ("是否执业医师", "是".to_owned()),
        ("执业医师证号", format!("1105100{:08}", i % 100_000_000)),
        ("是否参加继续教育", "是".to_owned()),
    ];
    let education = (0..3)
        .map(|k| {
            let from = y + 18 + k * 5;
            vec![
                ("开始时间", format!("{from}-09")),
                ("结束时间", format!("{}-07", from + 5)),
                ("学校", pick(&SCHOOLS, u64::from(k)).to_owned()),
                ("专业", pick(&MAJORS, u64::from(k)).to_owned()),
                (
                    "学历",
                    ["大学本科", "硕士研究生", "博士研究生"][k as usize].to_owned(),
                ),
                ("学位", ["学士", "硕士", "博士"][k as usize].to_owned()),
            ]
        })
        .collect();
    let training = (0..2)
        .map(|k| {
            vec![
                ("开始时间", format!("{}-03-01", y + 30 + k)),
                ("结束时间", format!("{}-08-31", y + 30 + k)),
                ("培训机构", "四川省医学会继续教育中心".to_owned()),
                ("培训内容", "心血管疾病介入诊疗规范化培训".to_owned()),
                ("所获证书", "结业证书".to_owned()),
            ]
        })
        .collect();
    let work = (0..3)
        .map(|k| {
            let from = y + 23 + k * 4;
            vec![
                ("开始时间", format!("{from}-08")),
                ("结束时间", format!("{}-07", from + 4)),
                ("工作单位", pick(&UNITS, u64::from(k)).to_owned()),
                ("科室", "心血管内科".to_owned()),
                (
                    "职务",
                    ["住院医师", "主治医师", "副主任医师"][k as usize].to_owned(),
                ),
            ]
        })
        .collect();
    let awards = (0..2)
        .map(|k| {
            vec![
                ("获奖时间", format!("{}-12", y + 32 + k)),
                ("奖项名称", "四川省医学科技奖".to_owned()),
                ("授奖单位", "四川省医学会".to_owned()),
                ("获奖等级", "三等奖".to_owned()),
                ("本人排名", "第二".to_owned()),
            ]
        })
        .collect();
    let papers = (0..4)
        .map(|k| {
            vec![
                ("发表时间", format!("{}-0{}", y + 28 + k, k + 1)),
                (
                    "题目",
                    "冠状动脉介入治疗后患者的远期随访与危险因素分析".to_owned(),
                ),
                ("刊物或出版社", "中华心血管病杂志".to_owned()),
                ("类别", "论文".to_owned()),
                ("本人排名", "第一作者".to_owned()),
            ]
        })
        .collect();
    vec![
        (Section::Basic, vec![basic]),
        (Section::Education, education),
        (Section::Training, training),
        (Section::Papers, papers),
        (Section::Work, work),
        (Section::Awards, awards),
    ]
}

fn values(section: Section, row: &[(&str, String)]) -> Values {
    section
        .fields()
        .iter()
        .map(|f| {
            row.iter()
                .find(|(l, _)| *l == f.label)
                .map(|(_, v)| v.clone())
        })
        .collect()
}

/// Member `i`'s archive as the library holds it.
pub fn archive(i: u64) -> Archive {
    let mut out = Archive::default();
    for (section, rows) in rows(i) {
        match section.list_index() {
            None => out.basic = rows.first().map(|r| values(section, r)),
            Some(k) => out.lists[k] = rows.iter().map(|r| values(LISTS[k], r)).collect(),
        }
    }
    out
}
