//! Synthetic credit certificates: a member of a synthetic roster with 5–15
//! approved records over three years, project names long enough to wrap.

use chrono::NaiveDate;
use meded::certificate::{Certificate, Kind, Row};
use meded::rules::credit::CreditType;

const ORGS: &[&str] = &[
    "四川省人民医院",
    "四川大学华西医院",
    "成都市第三人民医院",
    "绵阳市中心医院",
    "南充市中心医院",
    "凉山彝族自治州第一人民医院",
    "宜宾市第二人民医院",
    "攀枝花市中西医结合医院",
];
const TITLES: &[&str] = &[
    "无职称",
    "住院医师",
    "主治医师",
    "副主任医师",
    "主任医师",
    "主管护师",
];
const AREAS: &[&str] = &[
    "基层医院",
    "县级医院",
    "全省",
    "川西地区",
    "西部地区",
    "社区卫生服务中心",
    "",
    "",
];
const TOPICS: &[&str] = &[
    "急危重症",
    "腹部急症及消化系统疾病超声诊断",
    "肝脏超声造影",
    "肾上腺外科疾病的多学科联合诊治",
    "慢性阻塞性肺疾病规范化诊疗",
    "儿童哮喘防治",
    "高血压与糖尿病社区管理",
    "心血管介入治疗新进展",
    "围产期保健与高危妊娠管理",
    "医院感染预防与控制",
    "临床合理用药",
    "老年综合评估",
    "脑卒中早期识别与溶栓",
    "肿瘤放射治疗质量控制",
    "中医药适宜技术推广",
    "精神心理疾病识别与干预",
    "麻醉与围术期医学",
    "创伤骨科微创技术",
    "护理质量管理",
    "医学影像人工智能应用",
];
const FORMS: &[&str] = &[
    "学习班",
    "培训班",
    "专题研讨会",
    "新技术推广学习班",
    "高级研修班",
    "学术会议",
];

/// A small deterministic generator: the same member gets the same records.
struct Mix(u64);

impl Mix {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The certificate of member `i`, 2015–2017.
pub fn certificate(i: u64) -> Certificate {
    let (id, name, _) = super::roster::person(i);
    let mut m = Mix(i ^ 0x0005_DEEC_E66D);
    let count = 5 + m.next(11);
    let records: Vec<(i32, Row)> = (0..count)
        .map(|k| {
            let year = 2015 + m.next(3) as i32;
            let class = match m.next(10) {
                0 | 1 => CreditType::National1,
                2..=6 => CreditType::Provincial1,
                _ => CreditType::Class2,
            };
            let from = NaiveDate::from_ymd_opt(year, 1 + m.next(12) as u32, 1 + m.next(28) as u32)
                .expect("a valid day");
            let to = from + chrono::TimeDelta::days(m.next(4) as i64);
            let project_name = format!(
                "{}{}{}",
                AREAS[m.next(AREAS.len())],
                TOPICS[m.next(TOPICS.len())],
                FORMS[m.next(FORMS.len())]
            );
            let project_no = match class {
                CreditType::National1 => format!("{year}{:05}", m.next(99_999)),
                _ => format!("{}-01-{:08}", year % 100, (i * 31 + k as u64) % 100_000_000),
            };
            let row = Row {
                project_no,
                project_name,
                credits_tenths: [5, 10, 20, 30, 40][m.next(5)],
                class,
                from,
                to,
            };
            (year, row)
        })
        .collect();
    let issued = NaiveDate::from_ymd_opt(2018, 3, 1).expect("a valid day");
    let mut c = Certificate::with_records(2015, 2017, Kind::All, issued, records);
    c.province = "四川省".into();
    c.org_name = ORGS[m.next(ORGS.len())].into();
    c.person_name = name;
    c.id_number = id;
    c.title = TITLES[m.next(TITLES.len())].into();
    c.issuer = "四川省继续医学教育行政管理平台提供信息".into();
    c.code = format!(
        "{:04X}-{:04X}-{:04X}",
        m.next(65536),
        m.next(65536),
        m.next(65536)
    );
    c
}
