//! Resident profiles (个人信息): the 基本信息, 学习经历, 工作信息 and 证书信息
//! tabs, imported from a workbook, validated against the rules of
//! docs/domain.md#resident-profiles, and returned to the resident with a
//! reason.
//!
//! ```text
//! sheet::read(workbook) ─┐
//!                        ├─> Profile ──> validate::check(&Profile, &Context) -> Vec<Issue>
//! store::stream(db) ─────┘
//! ```

pub mod fields;
pub mod fit;
pub mod import;
pub mod model;
pub mod photo;
pub mod report;
pub mod returns;
pub mod sheet;
pub mod store;
pub mod validate;

use crate::db::sql::{Connection, OptionalExtension};
use serde::Serialize;

pub use fields::Section;
pub use model::{Profile, Value};
pub use validate::{Context, Issue, check};

use crate::account::no_account;
use crate::error::Result;
use crate::rules::text::identifier;

/// One field as `profile show` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FieldValue {
    pub field: &'static str,
    pub value: Option<String>,
}

/// One level of 学习经历, as `profile show` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct EducationView {
    pub level: &'static str,
    pub fields: Vec<FieldValue>,
}

/// One job of 工作信息, as `profile show` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    /// 1 for the job that started first.
    pub job: u32,
    pub fields: Vec<FieldValue>,
}

/// A resident's stored profile (`profile show`).
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    pub id_number: String,
    pub name: String,
    pub org: String,
    #[serde(rename = "基本信息")]
    pub basic: Option<Vec<FieldValue>>,
    #[serde(rename = "学习经历")]
    pub education: Vec<EducationView>,
    #[serde(rename = "工作信息")]
    pub work: Vec<JobView>,
    #[serde(rename = "证书信息")]
    pub certificate: Option<Vec<FieldValue>>,
    /// The base's returns (审核意见), oldest first.
    pub returns: Vec<returns::Return>,
}

fn view(section: Section, tab: &model::Tab) -> Vec<FieldValue> {
    section
        .fields()
        .iter()
        .zip(&tab.values)
        .map(|(f, v)| FieldValue {
            field: f.label,
            value: v.text().map(str::to_owned),
        })
        .collect()
}

/// The stored profile of the account with this ID number.
pub fn show(conn: &Connection, id_number: &str) -> Result<ProfileView> {
    let id_number = identifier(id_number);
    let found: Option<(i64, String)> = conn
        .query_row(
            "SELECT a.id, coalesce(o.code, '') FROM account a LEFT JOIN org o ON o.id = a.org_id
             WHERE a.id_number = ?1",
            [&id_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((account_id, org)) = found else {
        return Err(no_account(&id_number));
    };
    let p = store::load(conn, account_id)?;
    Ok(ProfileView {
        name: p.name().to_owned(),
        org,
        basic: p.basic.as_ref().map(|t| view(Section::Basic, t)),
        education: p
            .education
            .iter()
            .map(|e| EducationView {
                level: e.level,
                fields: view(Section::Education, &e.tab),
            })
            .collect(),
        work: p
            .work
            .iter()
            .enumerate()
            .map(|(n, t)| JobView {
                job: n as u32 + 1,
                fields: view(Section::Work, t),
            })
            .collect(),
        certificate: p
            .certificate
            .as_ref()
            .map(|t| view(Section::Certificate, t)),
        returns: returns::of_person(conn, &id_number)?,
        id_number,
    })
}
