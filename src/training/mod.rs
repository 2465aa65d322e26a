//! Training records (培训信息): statuses and the moves between them, person
//! types, and `training set-status`.

pub mod import;
pub mod layout;
pub mod submission;

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::org;
use crate::rules::text::{identifier, normalize};
use crate::state::State;
use crate::states;

pub use submission::{ReportStatus, ReviewStatus, Submission};

states! {
    /// 培训状态 (docs/domain.md#training-statuses). 延期, 暂停 and 结束 go back
    /// to 在培 (bases are asked to do so promptly); 结业 and 退培 are final —
    /// a person who returns is admitted again with a new record.
    pub enum Status: "培训状态" {
        InTraining = "在培", "in-training" ["在训", "培训中"]
            => [Extended, Suspended, Ended, Completed, Withdrawn];
        Extended = "延期", "extended" => [InTraining, Ended, Completed, Withdrawn];
        Suspended = "暂停", "suspended" => [InTraining, Withdrawn];
        /// The training period is over; the completion assessment is pending.
        Ended = "结束", "ended" => [InTraining, Extended, Completed, Withdrawn];
        /// Completed, with the qualification certificate.
        Completed = "结业", "completed" ["已结业"] => [];
        /// Left the programme or this base (a transfer).
        Withdrawn = "退培", "withdrawn" ["退出培训", "已退培"] => [];
    }
}

impl Status {
    /// Whether the person is still bound to the base: no other base may
    /// import them (docs/domain.md#binding-rule).
    pub fn binds(self) -> bool {
        matches!(
            self,
            Status::InTraining | Status::Extended | Status::Suspended | Status::Ended
        )
    }
}

/// The SQL condition "the record `t` binds its person to its base":
/// `t.status IN ('在培', '延期', '暂停', '结束')`, from [`Status::binds`].
pub static BINDING: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let binding: Vec<Status> = Status::ALL.iter().copied().filter(|s| s.binds()).collect();
    format!("t.status IN ({})", Status::sql_list(&binding))
});

/// A base that still holds a person (在培, 延期, 暂停 or 结束 there:
/// docs/domain.md#binding-rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub org_name: String,
    pub org_code: String,
    pub status: String,
}

impl Binding {
    /// Why another base cannot take the person now.
    pub fn refusal(&self) -> Msg {
        let (org, code, status) = (&self.org_name, &self.org_code, &self.status);
        msg!(
            "此人在 {org}({code})的培训状态为“{status}”,不能导入;须由该基地先将其培训状态改为“退培”",
            "this person is {status} at {org} ({code}) and cannot be imported; that base must first set their status to 退培"
        )
    }
}

/// The base other than `org_id` that still holds the person, if any.
pub fn bound_elsewhere(conn: &Connection, account_id: i64, org_id: i64) -> Result<Option<Binding>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT o.name, o.code, t.status FROM training t JOIN org o ON o.id = t.org_id
             WHERE t.account_id = ?1 AND t.org_id <> ?2 AND {}
             ORDER BY t.id DESC LIMIT 1",
            *BINDING
        ))?
        .query_row(params![account_id, org_id], |r| {
            Ok(Binding {
                org_name: r.get(0)?,
                org_code: r.get(1)?,
                status: r.get(2)?,
            })
        })
        .optional()?)
}

/// The base other than `org_id` that still holds the person with this ID
/// number, asked by that base's own administrator, who may not see the
/// person's account: on a server the function `meded_bound_elsewhere`
/// answers exactly that question, and nothing more of the person.
pub fn bound_elsewhere_of(
    conn: &Connection,
    id_number: &str,
    org_id: i64,
) -> Result<Option<Binding>> {
    let sql = if crate::db::features::guarded(conn) {
        "SELECT org_name, org_code, status FROM meded_bound_elsewhere(?1, ?2)".to_owned()
    } else {
        format!(
            "SELECT o.name, o.code, t.status FROM training t JOIN org o ON o.id = t.org_id
             JOIN account a ON a.id = t.account_id
             WHERE a.id_number = ?1 AND t.org_id <> ?2 AND {}
             ORDER BY t.id DESC LIMIT 1",
            *BINDING
        )
    };
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id_number, org_id], |r| {
            Ok(Binding {
                org_name: r.get(0)?,
                org_code: r.get(1)?,
                status: r.get(2)?,
            })
        })
        .optional()?)
}

/// 人员类型 (docs/domain.md#training-records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PersonType {
    #[serde(rename = "本单位人")]
    OwnStaff,
    #[serde(rename = "委派单位人")]
    Delegated,
    #[serde(rename = "社会人")]
    Social,
    /// 专业学位硕士研究生 in training alongside (并轨).
    #[serde(rename = "在读研究生")]
    Postgraduate,
}

impl PersonType {
    pub const ALL: [PersonType; 4] = [
        PersonType::OwnStaff,
        PersonType::Delegated,
        PersonType::Social,
        PersonType::Postgraduate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PersonType::OwnStaff => "本单位人",
            PersonType::Delegated => "委派单位人",
            PersonType::Social => "社会人",
            PersonType::Postgraduate => "在读研究生",
        }
    }

    pub fn parse(raw: &str) -> Option<PersonType> {
        let s: String = normalize(raw)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Some(match s.as_str() {
            "本单位人" | "本单位" | "本院职工" | "单位人" => PersonType::OwnStaff,
            "委派单位人" | "单位委派" | "委派" | "外单位委派" | "委培" => {
                PersonType::Delegated
            }
            "社会人" | "社会化" | "社会学员" => PersonType::Social,
            "在读研究生"
            | "专业学位硕士"
            | "专业学位研究生"
            | "专硕"
            | "并轨研究生"
            | "专业学位硕士研究生" => PersonType::Postgraduate,
            _ => return None,
        })
    }
}

/// A training record with its base, as commands show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub account_id: i64,
    pub id_number: String,
    pub name: String,
    #[serde(skip)]
    pub org_id: i64,
    pub org: String,
    pub org_name: String,
    pub recruit_year: i32,
    pub specialty: Option<String>,
    pub person_type: Option<String>,
    pub approved_years: Option<i32>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub status: Status,
    pub certificate_no: Option<String>,
    pub certificate_date: Option<String>,
    pub report_status: ReportStatus,
    pub review_status: Option<ReviewStatus>,
    pub review_reason: Option<String>,
}

impl Record {
    /// Where the record stands in submission and review, as one word.
    pub fn submission(&self) -> Submission {
        Submission::of(self.report_status, self.review_status)
    }
}

/// The columns [`record_from_row`] reads, from `training t JOIN account a
/// JOIN org o`.
pub const RECORD_COLUMNS: &str =
    "t.id, t.account_id, a.id_number, a.name, t.org_id, o.code, o.name,
     t.recruit_year, t.specialty, t.person_type, t.approved_years, t.start_date, t.end_date,
     t.status, t.certificate_no, t.certificate_date, t.report_status, t.review_status,
     t.review_reason";

pub const RECORD_FROM: &str =
    "training t JOIN account a ON a.id = t.account_id JOIN org o ON o.id = t.org_id";

pub fn record_from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Record> {
    Ok(Record {
        id: r.get(0)?,
        account_id: r.get(1)?,
        id_number: r.get(2)?,
        name: r.get(3)?,
        org_id: r.get(4)?,
        org: r.get(5)?,
        org_name: r.get(6)?,
        recruit_year: r.get(7)?,
        specialty: r.get(8)?,
        person_type: r.get(9)?,
        approved_years: r.get(10)?,
        start_date: r.get(11)?,
        end_date: r.get(12)?,
        status: r.get(13)?,
        certificate_no: r.get(14)?,
        certificate_date: r.get(15)?,
        report_status: r.get(16)?,
        review_status: r.get(17)?,
        review_reason: r.get(18)?,
    })
}

/// A person's latest training record, at `org_id` if given.
pub fn latest(conn: &Connection, id_number: &str, org_id: Option<i64>) -> Result<Option<Record>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM}
             WHERE a.id_number = ?1 AND (?2 IS NULL OR t.org_id = ?2)
             ORDER BY t.id DESC LIMIT 1"
        ))?
        .query_row(params![id_number, org_id], record_from_row)
        .optional()?)
}

/// Whose records a command may touch: one base's (`--org`, a base
/// administrator) or all (the province).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Base(org::Org),
    Province,
}

impl Scope {
    pub fn resolve(conn: &Connection, org: Option<&str>) -> Result<Scope> {
        Ok(match org {
            Some(code) => Scope::Base(org::find_kind(conn, code, org::OrgKind::Base)?),
            None => Scope::Province,
        })
    }

    pub fn org_id(&self) -> Option<i64> {
        match self {
            Scope::Base(o) => Some(o.id),
            Scope::Province => None,
        }
    }
}

/// What `training set-status` is asked to do.
#[derive(Debug, Clone)]
pub struct StatusRequest {
    pub id_number: String,
    pub status: String,
    pub reason: Option<String>,
    pub certificate_no: Option<String>,
    pub certificate_date: Option<String>,
}

/// What `training set-status` did.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChanged {
    pub id_number: String,
    pub name: String,
    pub org: String,
    pub recruit_year: i32,
    pub before: Status,
    pub after: Status,
    /// The record was submitted and is 未上报 again.
    pub reopened: bool,
    /// Anything was written: false when the record already had the status
    /// (and no certificate was given).
    pub changed: bool,
}

/// Moves a person's current training record to another status, if the move
/// is allowed and the record is in scope, at any time.
pub fn set_status(
    conn: &mut Connection,
    scope: &Scope,
    req: &StatusRequest,
    who: &Who,
) -> Result<StatusChanged> {
    let to = Status::parse(&req.status).ok_or_else(|| {
        let all: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
        let (raw, all) = (&req.status, all.join("、"));
        Error::Usage(msg!(
            "不认识的培训状态“{raw}”(可用:{all})",
            "unknown training status '{raw}' (use one of: {all})"
        ))
    })?;
    let id_number = identifier(&req.id_number);
    let tx = crate::db::write(conn)?;
    let record = latest(&tx, &id_number, scope.org_id())?.ok_or_else(|| match scope {
        Scope::Base(o) => {
            let code = &o.code;
            Error::Usage(msg!(
                "{id_number} 在基地 {code} 没有培训记录",
                "{id_number} has no training record at the base {code}"
            ))
        }
        Scope::Province => Error::Usage(msg!(
            "{id_number} 没有培训记录",
            "{id_number} has no training record"
        )),
    })?;
    let same = record.status == to;
    let certificate_given = req.certificate_no.is_some() || req.certificate_date.is_some();
    if same && !certificate_given {
        // Asked for what is already so: done, nothing to write.
        return Ok(StatusChanged {
            id_number,
            name: record.name,
            org: record.org,
            recruit_year: record.recruit_year,
            before: to,
            after: to,
            reopened: false,
            changed: false,
        });
    }
    if !same && !record.status.can_become(to) {
        return Err(Error::Usage(record.status.refuse_move(to)));
    }
    // A status is updated at any time, as the platform's 住院医师信息管理
    // has it; a submitted record is set back to 未上报 below.
    let certificate_no = req
        .certificate_no
        .as_deref()
        .map(|c| normalize(c).into_owned())
        .filter(|c| !c.is_empty());
    let certificate_date = match req.certificate_date.as_deref() {
        None => None,
        Some(raw) => Some(
            crate::rules::date::parse_day(raw)
                .ok_or_else(|| {
                    Error::Usage(msg!(
                        "发放时间“{raw}”不是日期",
                        "the issue date '{raw}' is not a date"
                    ))
                })?
                .to_string(),
        ),
    };
    if (certificate_no.is_some() || certificate_date.is_some()) && to != Status::Completed {
        return Err(Error::Usage(msg!(
            "合格证书编号和发放时间只用于“结业”",
            "the certificate number and date go with 结业 only"
        )));
    }
    let change = Change::begin(&tx, who)?;
    let reopened = submission::set_back(&tx, record.id)?;
    tx.execute(
        "UPDATE training SET status = ?2,
                certificate_no = coalesce(?3, certificate_no),
                certificate_date = coalesce(?4, certificate_date)
         WHERE id = ?1",
        params![record.id, to.label(), certificate_no, certificate_date],
    )?;
    let note = req.reason.clone();
    if !same {
        change.log(
            &tx,
            &Item {
                subject: &id_number,
                entity: "training",
                action: "update",
                field: Some("培训状态"),
                before: Some(record.status.label()),
                after: Some(to.label()),
                note: note.as_deref(),
            },
        )?;
    }
    for (field, value) in [
        ("合格证书编号", &certificate_no),
        ("合格证书发放时间", &certificate_date),
    ] {
        if value.is_some() {
            change.log_field(&tx, &id_number, "training", field, None, value.as_deref())?;
        }
    }
    if reopened {
        change.log(&tx, &submission::reopen_item(&id_number))?;
    }
    tx.commit()?;
    Ok(StatusChanged {
        id_number,
        name: record.name,
        org: record.org,
        recruit_year: record.recruit_year,
        before: record.status,
        after: to,
        reopened,
        changed: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions() {
        use Status::*;
        assert!(InTraining.next().contains(&Extended));
        assert!(Extended.next().contains(&InTraining));
        assert!(Suspended.next().contains(&InTraining));
        assert!(!Suspended.next().contains(&Completed));
        assert!(Completed.next().is_empty());
        assert!(Withdrawn.next().is_empty());
        let m = Suspended.refuse_move(Completed);
        assert!(m.zh.contains("在培、退培"), "{}", m.zh);
        assert!(Withdrawn.refuse_move(InTraining).en.contains("final"));
        for s in [InTraining, Extended, Suspended, Ended] {
            assert!(s.binds());
        }
        assert!(!Completed.binds() && !Withdrawn.binds());
    }

    #[test]
    fn labels_and_variants() {
        for &s in Status::ALL {
            assert_eq!(Status::parse(s.label()), Some(s));
        }
        assert_eq!(Status::parse("培训中"), Some(Status::InTraining));
        for t in PersonType::ALL {
            assert_eq!(PersonType::parse(t.label()), Some(t));
        }
        assert_eq!(PersonType::parse("单位委派"), Some(PersonType::Delegated));
        assert_eq!(
            PersonType::parse("专业学位硕士"),
            Some(PersonType::Postgraduate)
        );
        assert_eq!(PersonType::parse("学生"), None);
    }
}
