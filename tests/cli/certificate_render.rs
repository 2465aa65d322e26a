//! Certificate rendering (issue 6), through the library: the PDFs are read
//! back with lopdf's text extraction (which decodes the ToUnicode map) and,
//! where poppler's pdftotext is installed, with that too, to prove the
//! text is real text and not pictures of it.

use std::path::Path;
use std::process::Command;

use meded::Error;
use meded::certificate::model::figure_27;
use meded::certificate::{
    Bulk, BulkTarget, Certificate, Font, Kind, Row, missing_glyphs, render, render_all,
};
use meded::rules::credit::CreditType;

fn font() -> Font {
    Font::builtin().expect("the built-in font loads")
}

/// Every page's text, as lopdf extracts it: each string drawn comes back
/// whole, though not always in reading order.
fn lopdf_text(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|p| doc.extract_text(&[*p]).expect("text extracts"))
        .collect()
}

/// The lines of the pages as `pdftotext -layout` sets them out, blanks
/// removed, when poppler is installed.
fn pdftotext(pdf: &[u8]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    assert!(out.status.success(), "pdftotext fails on our PDF");
    let text = String::from_utf8(out.stdout).unwrap();
    Some(
        text.lines()
            .map(squeeze)
            .filter(|l| !l.is_empty())
            .collect(),
    )
}

/// Text without the line breaks and blanks that extraction puts between
/// the pieces of a wrapped cell.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn record(no: &str, name: &str, tenths: i64, class: CreditType, day: &str) -> Row {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    Row {
        project_no: no.into(),
        project_name: name.into(),
        credits_tenths: tenths,
        class,
        from: d,
        to: d,
    }
}

#[test]
fn figure_27_reads_back_as_real_text() {
    let pdf = render(&figure_27(Kind::ClassI), &font()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 60_000, "{} bytes", pdf.len());
    let pages = lopdf_text(&pdf);
    assert_eq!(pages.len(), 1);
    let text = squeeze(&pages[0]);
    for expected in [
        "四川省继续医学教育学分证明",
        "兹四川省卫生和计划生育委员会张三无职称于2015至2017年期间完成继续医学教育情况如下:",
        "项目编号",
        "参加时间",
        "该同志2015年度,共计完成:国家级I类学分0.0分,省I类学分0.0分。",
        "该同志2016年度,共计完成:国家级I类学分0.0分,省I类学分0.0分。",
        "17-01-09040386",
        "肝脏超声造影专题学习班",
        "2017-04-22至2017-04-22",
        "腹部急症及消化系统疾病超声诊断学习班",
        "肾上腺外科疾病的多学科联合诊治学习班",
        "该同志2017年度,共计完成:国家级I类学分2.0分,省I类学分8.0分。",
        "认证机构:",
        "四川省继续医学教育行政管理平台提供信息",
        "2017年10月27日",
        "验证码:7KQ2-M9XD-4TWP",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    // In reading order, line by line, as the platform's sample reads.
    let Some(lines) = pdftotext(&pdf) else { return };
    let figure = [
        "四川省继续医学教育学分证明",
        "(I类学分)",
        "兹四川省卫生和计划生育委员会张三无职称于2015至2017年期间完成继续医学教育情况如下:",
        "项目编号项目名称学分学分种类参加时间",
        "该同志2015年度,共计完成:国家级I类学分0.0分,省I类学分0.0分。",
        "项目编号项目名称学分学分种类参加时间",
        "该同志2016年度,共计完成:国家级I类学分0.0分,省I类学分0.0分。",
        "项目编号项目名称学分学分种类参加时间",
        "201745123国家级项目2.0国家级2017-10-17至2017-10-17",
        "17-01-09040386肝脏超声造影专题学习班2.0省I类2017-04-22至2017-04-22",
        "17-01-09020369腹部急症及消化系统疾病超声诊断学习班3.0省I类2017-07-21至2017-07-23",
        "17-01-04050370肾上腺外科疾病的多学科联合诊治学习班3.0省I类2017-06-23至2017-06-25",
        "该同志2017年度,共计完成:国家级I类学分2.0分,省I类学分8.0分。",
        "认证机构:",
        "四川省继续医学教育行政管理平台提供信息",
        "2017年10月27日",
        "验证码:7KQ2-M9XD-4TWP",
    ];
    assert_eq!(lines, figure);
}

#[test]
fn the_font_is_embedded_as_a_subset() {
    let pdf = render(&figure_27(Kind::All), &font()).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut programs = 0;
    for obj in doc.objects.values() {
        if let Ok(dict) = obj.as_dict()
            && dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor")
        {
            let name = dict.get(b"FontName").unwrap().as_name().unwrap();
            assert!(name.starts_with(b"MEDEDA+"), "subset tag on {name:?}");
            let file = dict.get(b"FontFile2").expect("TrueType program");
            let id = file.as_reference().unwrap();
            let stream = doc.get_object(id).unwrap().as_stream().unwrap();
            // The whole font is 6.8 MB; the used glyphs a few tens of KB.
            assert!(stream.content.len() < 40_000, "{}", stream.content.len());
            programs += 1;
        }
    }
    assert_eq!(programs, 1);
}

#[test]
fn same_certificate_same_bytes() {
    let f = font();
    let c = figure_27(Kind::All);
    assert_eq!(render(&c, &f).unwrap(), render(&c, &f).unwrap());
}

#[test]
fn rare_gbk_characters_render() {
    let mut c = figure_27(Kind::All);
    c.person_name = "罗堃".into();
    c.org_name = "攀枝花市中西医结合医院".into();
    let pdf = render(&c, &font()).unwrap();
    let text = squeeze(&lopdf_text(&pdf).concat());
    assert!(text.contains("罗堃"), "{text}");
    if let Some(lines) = pdftotext(&pdf) {
        assert!(lines.iter().any(|l| l.contains("罗堃")));
    }
}

#[test]
fn a_character_outside_the_font_is_refused_by_name() {
    let f = font();
    let mut c = figure_27(Kind::All);
    c.person_name = "张𠀀".into();
    c.years[2].rows[0].project_name = "国家级项目😀".into();
    assert_eq!(missing_glyphs(&c, &f), vec!['𠀀', '😀']);
    assert_eq!(f.missing_glyphs("张𠀀"), vec!['𠀀']);
    let err = render(&c, &f).unwrap_err();
    assert!(matches!(err, Error::Input(_)), "{err:?}");
    assert_eq!(err.exit_code() as i32, 2);
    let zh = err.message(meded::i18n::Lang::Zh);
    assert!(
        zh.contains("张𠀀") && zh.contains("U+20000") && zh.contains("U+1F600"),
        "{zh}"
    );
    let en = err.message(meded::i18n::Lang::En);
    assert!(
        en.contains("510104199001011234") && en.contains("U+20000"),
        "{en}"
    );
}

#[test]
fn long_names_wrap_inside_their_cell() {
    let mut c = figure_27(Kind::All);
    let long = "西部地区基层医疗卫生机构慢性阻塞性肺疾病与支气管哮喘规范化诊疗及肺功能检查质量控制新技术推广高级研修班";
    c.years[2].rows[1].project_name = long.into();
    let pdf = render(&c, &font()).unwrap();
    // Wrapped: the name is drawn in pieces, whole once they are joined.
    assert!(squeeze(&lopdf_text(&pdf).concat()).contains(long));
    if let Some(lines) = pdftotext(&pdf) {
        assert!(!lines.iter().any(|l| l.contains(long)), "{lines:?}");
        let pieces: Vec<&String> = lines
            .iter()
            .filter(|l| l.contains("高级研修班") || l.contains("西部地区基层"))
            .collect();
        assert_eq!(pieces.len(), 2, "{lines:?}");
    }
}

#[test]
fn many_records_run_over_pages_with_the_header_repeated() {
    let mut c = figure_27(Kind::All);
    for block in &mut c.years {
        for i in 0..30 {
            block.rows.push(record(
                &format!("{}-01-{i:08}", block.year % 100),
                "全省县级医院急危重症患者早期识别与规范化救治新技术推广学习班",
                10,
                if i % 3 == 0 {
                    CreditType::Class2
                } else {
                    CreditType::Provincial1
                },
                &format!("{}-05-{:02}", block.year, 1 + i % 28),
            ));
        }
    }
    let pdf = render(&c, &font()).unwrap();
    let pages = lopdf_text(&pdf);
    let n = pages.len();
    assert!(n >= 3, "{n} pages");
    for (i, page) in pages.iter().enumerate() {
        let p = squeeze(page);
        assert!(
            p.contains(&format!("第{}页,共{n}页", i + 1)),
            "page {i}: {p}"
        );
        // Every page that continues a table starts it with the header.
        if p.contains("学习班") {
            assert!(p.contains("项目编号") && p.contains("学分种类"), "page {i}");
        }
    }
    let all = squeeze(&pages.concat());
    // 30 records of 1.0 a year: 10 class II, 20 provincial I, and 2017's own.
    assert!(
        all.contains("该同志2016年度,共计完成:国家级I类学分0.0分,省I类学分20.0分,II类学分10.0分。")
    );
    assert!(
        all.contains("该同志2017年度,共计完成:国家级I类学分2.0分,省I类学分28.0分,II类学分10.0分。")
    );
    assert!(all.contains("验证码:7KQ2-M9XD-4TWP"));
    assert!(pdf.len() < 60_000, "{} bytes", pdf.len());
}

#[test]
fn class_ii_certificates_state_class_ii_only() {
    let mut c = figure_27(Kind::All);
    c.years[0].rows.push(record(
        "II-2015-3",
        "科室业务学习",
        15,
        CreditType::Class2,
        "2015-06-01",
    ));
    let records: Vec<(i32, Row)> = c
        .years
        .iter()
        .flat_map(|b| b.rows.iter().map(move |r| (b.year, r.clone())))
        .collect();
    let mut two = Certificate::with_records(2015, 2017, Kind::ClassII, c.issue_date, records);
    two.province = c.province.clone();
    two.person_name = c.person_name.clone();
    let text = squeeze(&lopdf_text(&render(&two, &font()).unwrap()).concat());
    assert!(text.contains("(II类学分)"));
    assert!(text.contains("该同志2015年度,共计完成:II类学分1.5分。"));
    assert!(text.contains("该同志2017年度,共计完成:II类学分0.0分。"));
    assert!(!text.contains("国家级项目"), "class I records are left out");
}

#[test]
fn another_font_can_be_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.ttf");
    let err = Font::from_file(&missing, 0).unwrap_err();
    assert!(matches!(err, Error::Input(_)), "{err:?}");
    let text = dir.path().join("font.ttf");
    std::fs::write(&text, "this is not a font").unwrap();
    let err = Font::from_file(&text, 0).unwrap_err();
    assert!(matches!(err, Error::Input(_)));
    assert!(err.message(meded::i18n::Lang::Zh).contains("font.ttf"));
    // The system's Noto CJK collection, when installed: face 2 is SC.
    let ttc = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    if ttc.exists() {
        let f = Font::from_file(ttc, 2).unwrap();
        let pdf = render(&figure_27(Kind::All), &f).unwrap();
        assert!(pdf.len() < 60_000, "CFF subset: {} bytes", pdf.len());
        assert!(squeeze(&lopdf_text(&pdf).concat()).contains("肝脏超声造影专题学习班"));
        let err = Font::from_file(ttc, 99).unwrap_err();
        assert!(err.to_string().contains("index 99"), "{err}");
    }
}

/// Three members: one with credits, one without, one whose name the font
/// cannot draw.
fn three() -> Vec<Certificate> {
    let a = figure_27(Kind::All);
    let mut b = Certificate::with_records(2015, 2017, Kind::All, a.issue_date, Vec::new());
    b.person_name = "李四".into();
    b.id_number = "110101199003070011".into();
    let mut c = figure_27(Kind::All);
    c.person_name = "王𠀀".into();
    c.id_number = "310115198511200020".into();
    vec![a, b, c]
}

#[test]
fn bulk_writes_skips_and_fails_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let zip = dir.path().join("all.zip");
    let target = BulkTarget {
        out_dir: Some(out.clone()),
        zip: Some(zip.clone()),
    };
    let seen = std::sync::atomic::AtomicU64::new(0);
    let report = render_all(&three(), &font(), &target, &|done, total| {
        assert_eq!(total, 3);
        seen.fetch_max(done, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(seen.into_inner(), 3);
    assert_eq!(report.written, 1);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].name, "李四");
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].reason.zh.contains("U+20000"));

    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["510104199001011234_张三_2015-2017.pdf"]);
    let file = out.join(&names[0]);
    assert_eq!(std::fs::metadata(&file).unwrap().len(), report.bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in [&file, &zip] {
            let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "certificates are owner-only: {f:?} {mode:o}");
        }
    }
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    assert_eq!(archive.len(), 1);
    let mut entry = archive.by_index(0).unwrap();
    assert_eq!(entry.name().unwrap(), names[0]);
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
    assert_eq!(bytes, std::fs::read(&file).unwrap());
}

#[test]
fn bulk_into_an_unusable_directory_fails_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let target = BulkTarget {
        out_dir: Some(blocker.join("out")),
        zip: None,
    };
    let err = render_all(&three(), &font(), &target, &|_, _| {}).unwrap_err();
    assert_eq!(err.exit_code() as i32, 3, "{err:?}");
    assert!(err.message(meded::i18n::Lang::En).contains("a-file"));
    let zip_target = BulkTarget {
        out_dir: None,
        zip: Some(dir.path().join("no/such/dir/all.zip")),
    };
    assert!(render_all(&three(), &font(), &zip_target, &|_, _| {}).is_err());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the blocking file: {left:?}");
}

#[test]
fn an_abandoned_bulk_run_removes_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let target = BulkTarget {
        out_dir: Some(dir.path().to_path_buf()),
        zip: Some(dir.path().join("all.zip")),
    };
    let mut bulk = Bulk::new(font(), &target, 6).unwrap();
    bulk.add(&three(), &|_, _| {}).unwrap();
    let during = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(during, 2, "the PDF and the archive's temporary file");
    // The database failed before the second batch: the run is dropped.
    drop(bulk);
    let after: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(after.is_empty(), "{after:?}");
}

#[test]
fn two_members_with_one_file_name_are_both_reported() {
    let dir = tempfile::tempdir().unwrap();
    let target = BulkTarget {
        out_dir: Some(dir.path().to_path_buf()),
        zip: None,
    };
    let twice = vec![figure_27(Kind::All), figure_27(Kind::All)];
    let report = render_all(&twice, &font(), &target, &|_, _| {}).unwrap();
    assert_eq!(report.written, 1);
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].reason.en.contains("same file name"));
}
