//! Synthetic resident profiles with a realistic mix of problems, and the
//! image files they name.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use meded::profile::fields::*;
use meded::profile::model::{AccountFacts, Education, Profile, Tab, Value};

use super::roster;

/// A header-only JPEG of the given size, made `bytes` long as a sparse
/// file: validation reads the header and the file's length only.
fn jpeg(path: &Path, width: u16, height: u16, bytes: u64) {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    v.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    v.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    let mut f = File::create(path).expect("create image");
    f.write_all(&v).unwrap();
    f.set_len(bytes).unwrap();
}

/// The pool of image files the synthetic profiles share: `n` in all, a
/// third each portraits, ID card sides and scans.
pub struct Photos {
    pub dir: PathBuf,
    pub n: u64,
}

impl Photos {
    pub fn create(dir: &Path, n: u64) -> Photos {
        std::fs::create_dir_all(dir).unwrap();
        let per = n.div_ceil(3);
        for k in 0..per {
            let p = dir.join(format!("p{k}.jpg"));
            if !p.exists() {
                jpeg(&p, 413, 626, 200 * 1024);
                jpeg(&dir.join(format!("i{k}.jpg")), 640, 480, 190 * 1024);
                jpeg(&dir.join(format!("s{k}.jpg")), 1600, 1000, 120 * 1024);
            }
        }
        Photos {
            dir: dir.to_path_buf(),
            n: per * 3,
        }
    }

    /// An image of a kind ('p', 'i' or 's') for person `i`, as a path
    /// relative to the pool's parent folder (for workbooks) or absolute.
    pub fn name(&self, kind: char, i: u64, salt: u64) -> String {
        let per = self.n / 3;
        format!("{kind}{}.jpg", (i.wrapping_mul(7919) + salt) % per)
    }
}

fn ok(s: impl Into<String>) -> Value {
    Value::Ok(s.into())
}

/// The profile of person `i` of the synthetic roster, with photos named
/// by `photo(kind, salt)`. About 9 in 100 have an error and 3 more only
/// a warning, in the proportions bases meet (wrong sex or birth date,
/// unknown 民族, missing or mistyped certificate numbers, a missing
/// image, an unfilled tab). 4 in 10 have worked before (工作信息).
pub fn profile(i: u64, photo: &dyn Fn(char, u64) -> String) -> Profile {
    let (id, name, phone) = roster::person(i);
    let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
    let male = (id.as_bytes()[16] - b'0') % 2 == 1;
    let by: i32 = id[6..10].parse().unwrap();
    let grad = by + 23;
    let problem = i % 100;
    let mut basic = Tab::blank(Section::Basic);
    let v = &mut basic.values;
    v[B_NAME] = ok(&name);
    v[B_SEX] = ok(if male == (problem != 0) { "男" } else { "女" });
    v[B_ETHNICITY] = if problem == 2 {
        Value::Raw("火星族".into())
    } else {
        ok(if i % 20 == 3 { "彝族" } else { "汉族" })
    };
    v[B_BIRTH] = ok(if problem == 1 {
        format!("{by}-01-01")
    } else {
        birth
    });
    v[B_MARITAL] = ok(if i.is_multiple_of(3) {
        "已婚"
    } else {
        "未婚"
    });
    v[B_NATIONALITY] = ok("中国大陆");
    v[B_ID_TYPE] = ok("居民身份证");
    v[B_PROVINCE] = ok("四川");
    v[B_MOBILE] = ok(&phone);
    v[B_EMAIL] = ok(format!("{phone}@139.com"));
    v[B_PHOTO] = ok(if problem == 6 {
        "/nonexistent/photo.jpg".to_owned()
    } else {
        photo('p', 0)
    });
    v[B_ID_FRONT] = ok(photo('i', 0));
    v[B_ID_BACK] = ok(photo('i', 1));
    let bachelor = {
        let mut t = Tab::blank(Section::Education);
        let v = &mut t.values;
        v[E_FULL_TIME] = ok("是");
        v[E_IN_STUDY] = ok("否");
        v[E_SCHOOL] = ok("四川大学");
        v[E_MAJOR] = ok("临床医学");
        v[E_GRADUATED] = ok(format!("{grad}-07"));
        v[E_EDUCATION] = ok(if problem == 8 || problem == 9 {
            "研究生教育"
        } else {
            "大学本科教育"
        });
        v[E_EDUCATION_ON] = ok(if problem == 10 {
            format!("{}-09", grad + 1)
        } else {
            format!("{grad}-07")
        });
        v[E_HAS_DIPLOMA] = ok("是");
        if problem != 3 {
            let y = if problem == 4 { grad - 1 } else { grad };
            v[E_DIPLOMA_NO] = ok(format!("106101{y}05{:06}", i % 1_000_000));
        }
        v[E_DIPLOMA_SCAN] = ok(photo('s', 0));
        v[E_HAS_DEGREE] = ok("是");
        v[E_DEGREE_TYPE] = ok("专业型");
        v[E_DEGREE] = ok("学士");
        v[E_DEGREE_ON] = ok(format!("{grad}-07"));
        v[E_DEGREE_NO] = ok(format!("106104{grad}0{:05}", i % 100_000));
        v[E_DEGREE_SCAN] = ok(photo('s', 1));
        t
    };
    let mut education = vec![Education {
        level: "本科",
        tab: bachelor.clone(),
    }];
    if i % 10 < 3 {
        let mut t = bachelor;
        let g = grad + 3;
        let v = &mut t.values;
        v[E_MAJOR] = ok("内科学");
        v[E_GRADUATED] = ok(format!("{g}-06"));
        v[E_EDUCATION] = ok("研究生教育");
        v[E_EDUCATION_ON] = ok(format!("{g}-06"));
        v[E_DIPLOMA_NO] = ok(format!("106101{g}02{:06}", i % 1_000_000));
        v[E_DEGREE] = ok("硕士");
        v[E_DEGREE_ON] = ok(format!("{g}-06"));
        v[E_DEGREE_NO] = ok(format!("106103{g}0{:05}", i % 100_000));
        education.push(Education {
            level: "硕士",
            tab: t,
        });
    }
    let certificate = (problem != 7).then(|| {
        let mut t = Tab::blank(Section::Certificate);
        let v = &mut t.values;
        let licensed = i % 10 < 7;
        v[C_PASSED] = ok(if licensed { "是" } else { "否" });
        v[C_HAS_LICENCE] = ok(if licensed { "是" } else { "否" });
        if licensed {
            let y = grad + 1;
            v[C_EXAM_ON] = ok(format!("{y}-08-23"));
            v[C_CATEGORY] = ok("临床");
            v[C_LEVEL] = ok("执业医师");
            let holder = if problem == 5 {
                roster::person(i + 1).0
            } else {
                id.clone()
            };
            v[C_LICENCE_NO] = ok(format!("{y}51110{holder}"));
            v[C_LICENCE_ON] = ok(format!("{y}-12"));
            v[C_LICENCE_SCAN] = ok(photo('s', 2));
        }
        v[8] = ok("大学英语四六级考试");
        v[10] = ok("良好");
        t
    });
    // 4 in 10 have worked: one job held to this day, or one left and the
    // one held since.
    let job = |employer: &str, start: String, end: Option<String>| {
        let mut t = Tab::blank(Section::Work);
        let v = &mut t.values;
        v[W_EMPLOYER] = ok(employer);
        v[W_DEPARTMENT] = ok("内科");
        v[W_POSITION] = ok("住院医师");
        v[W_START] = ok(start);
        if let Some(end) = end {
            v[W_END] = ok(end);
        }
        t
    };
    let work = match i % 10 {
        3 | 4 => vec![job("成都市第二人民医院", format!("{grad}-08"), None)],
        5 | 6 => vec![
            job(
                "成都市第二人民医院",
                format!("{grad}-08-01"),
                Some(format!("{}-06-30", grad + 2)),
            ),
            job("四川省人民医院", format!("{}-07", grad + 2), None),
        ],
        _ => Vec::new(),
    };
    Profile {
        id_number: id,
        account: Some(AccountFacts {
            name,
            id_type: "居民身份证".into(),
        }),
        basic: Some(basic),
        education,
        work,
        certificate,
        other_name: None,
    }
}

/// Stores the profile of each person `person(k)`, k < `n`, in the
/// database at `db` (a file or a server's URL) through the library, with
/// the pool's `photos` (as the benchmarks that start from profiles need).
pub fn store(db: &Path, n: u64, photos: &Photos, person: &dyn Fn(u64) -> u64) {
    use meded::history::{Change, Who};
    use meded::profile::store::Staged;
    let mut conn = meded::db::open(db).expect("open");
    let tx = conn.transaction_immediate().unwrap();
    let change = Change::begin(&tx, &Who::new("bench", "bench")).unwrap();
    {
        let mut find = tx
            .prepare("SELECT id FROM account WHERE id_number = ?1")
            .unwrap();
        let dir = photos.dir.to_string_lossy().into_owned();
        let mut staged = Staged::default();
        for k in 0..n {
            let i = person(k);
            let p = profile(i, &|kind, salt| {
                format!("{dir}/{}", photos.name(kind, i, salt))
            });
            let account: i64 = find.query_row([&p.id_number], |r| r.get(0)).unwrap();
            staged.add(account, &p);
            if staged.len() == 8192 {
                staged.save(&tx, change.id).unwrap();
            }
        }
        staged.save(&tx, change.id).unwrap();
    }
    tx.commit().unwrap();
}
