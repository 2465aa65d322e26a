//! `meded template`: blank official templates with dropdowns.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use meded::account::Role;
use meded::template;
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::account::RoleArg;
use super::output::Format;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Name {
    /// 账号模板: residents (招收年份 …), or --role member / teacher.
    Account,
    /// 个人信息: 基本信息, 学习经历, 工作信息, 证书信息.
    Profile,
    /// 培训信息, filled by the base.
    Training,
    /// 结业信息 (附件1: early completers).
    Completion,
    /// 学分登记.
    Credit,
    /// 学分标准.
    CreditStandard,
    /// 师资信息.
    Teacher,
    /// 师资记录: incidents, teaching accidents, evaluations.
    TeacherEvent,
    /// 轮转计划.
    Rotation,
    /// 带教分配: a teacher for each rotation.
    RotationAssign,
    /// 技术档案: 个人基本信息, 教育经历, 培训经历, 论文论著, 工作经历, 获奖情况.
    Archive,
    /// 招录计划: places per base, specialty and batch.
    RecruitPlan,
    /// 志愿: applications to bases and specialties.
    Application,
    /// 轮转方案: each specialty's departments and months.
    RotationProgramme,
    /// 科室容量: each department's monthly capacity.
    DepartmentCapacity,
}

impl Name {
    fn key(self) -> &'static str {
        match self {
            Name::Account => "account",
            Name::Profile => "profile",
            Name::Training => "training",
            Name::Completion => "completion",
            Name::Credit => "credit",
            Name::CreditStandard => "credit-standard",
            Name::Teacher => "teacher",
            Name::TeacherEvent => "teacher-event",
            Name::Rotation => "rotation",
            Name::RotationAssign => "rotation-assign",
            Name::Archive => "archive",
            Name::RecruitPlan => "recruit-plan",
            Name::Application => "application",
            Name::RotationProgramme => "rotation-programme",
            Name::DepartmentCapacity => "department-capacity",
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = "\
Each template has a title row, a note explaining * (required) and #
(required when the 是否… it depends on is 是), the header row the importers
read, notes on the headers, and a dropdown on every coded column (民族,
province, 证件类型, 是/否, 学历, 学位 …). ID and certificate-number columns
are formatted as text. A filled template imports as it is.

Examples:
  meded template account -o 账号模板.xlsx
  meded template account --role member -o 继教人员.xlsx
  meded template profile -o 个人信息.xlsx
  meded template training -o 培训信息.xlsx
  meded template teacher -o 师资信息.xlsx
  meded template archive -o 技术档案.xlsx
  meded template recruit-plan -o 招录计划.xlsx
  meded template application -o 志愿.xlsx
  meded template rotation-programme -o 轮转方案.xlsx
  meded template department-capacity -o 科室容量.xlsx")]
pub struct TemplateArgs {
    name: Name,
    /// Where to write the template (.xlsx, added to a name without an extension).
    #[arg(short, long, value_name = "OUT.xlsx")]
    output: PathBuf,
    /// For `account`: whose accounts.
    #[arg(long, value_enum, default_value = "resident")]
    role: RoleArg,
}

pub fn run(a: TemplateArgs, ctx: &Ctx) -> Result<ExitCode> {
    let role: Role = a.role.into();
    let t = template::get(a.name.key(), role)?;
    // A template is an XLSX file: a name without an extension gets it.
    let output = if a.output.extension().is_none() {
        meded::fsutil::with_extension(&a.output, "xlsx")
    } else {
        a.output.clone()
    };
    template::write(&t, &output)?;
    let what = template::describe(&t);
    if ctx.out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            template: &'a str,
            output: String,
            sheets: Vec<&'a str>,
        }
        ctx.out.json(&Shown {
            template: t.name,
            output: output.display().to_string(),
            sheets: t.sheets.iter().map(|s| s.name).collect(),
        });
    } else {
        let p = output.display();
        ctx.out
            .note(&what.join(&msg!("已写入 {p}", "written to {p}")));
    }
    Ok(ExitCode::Ok)
}
