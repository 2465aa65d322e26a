//! The 结业信息 of early completers (附件1): a row checked on its cells,
//! then matched to the person's record at the base, or a record (and an
//! account) made for a completer the base never entered.

use crate::db::sql::{OptionalExtension, params};
use chrono::{Datelike, NaiveDate};

use crate::error::Result;
use crate::history::Item;
use crate::i18n::Msg;
use crate::import::{Seen, Written};
use crate::msg;
use crate::rules::codes::Province;
use crate::rules::id::{self, IdType};
use crate::rules::person;
use crate::rules::text::normalize;
use crate::sheet::Record as SheetRow;
use crate::state::State;
use crate::training::layout;
use crate::training::{PersonType, Record, Status};

// Columns of the 培训信息 template (layout::TRAINING_LAYOUT).
// Columns of 附件1 (layout::COMPLETION_LAYOUT).
use layout::completion_col::{
    BASE as C_BASE, CERT_DATE as C_CERT_DATE, CERT_NO as C_CERT_NO, END as C_END,
    ID_NUMBER as C_ID_NUMBER, ID_TYPE as C_ID_TYPE, NAME as C_NAME, PERSON_TYPE as C_PERSON_TYPE,
    PHONE as C_PHONE, PROVINCE as C_PROVINCE, SPECIALTY as C_SPECIALTY, START as C_START,
    YEARS as C_YEARS,
};

use super::cells::{check_span, day_of, person_type_of, specialty_of, years_of};
use super::{CERTIFICATE_MAX_CHARS, Field, Set, TrainingWriter, first_time};

/// A 结业信息 (附件1) row, its cells checked.
pub struct CompletionLine {
    pub(super) name: String,
    pub(super) id_type: IdType,
    pub(super) id_number: String,
    pub(super) phone: String,
    pub(super) person_type: PersonType,
    pub(super) specialty: String,
    pub(super) years: i32,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) cert_no: String,
    pub(super) cert_date: NaiveDate,
}

/// The base a completion file must name, as the check needs it.
#[derive(Clone)]
pub(super) struct Base {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) province: Option<String>,
}

pub(super) fn check_completion(
    line: &SheetRow,
    base: &Base,
    today: NaiveDate,
    seen: &mut Seen,
    problems: &mut Vec<(usize, Msg)>,
) -> Option<CompletionLine> {
    let text = |col: usize| normalize(&line.get(col).display()).into_owned();
    let name = person::name(&line.get(C_NAME).display()).map_err(|m| problems.push((C_NAME, m)));
    let id_type = id::type_of(
        &line.get(C_ID_TYPE).display(),
        &line.get(C_ID_NUMBER).display(),
    )
    .map_err(|m| problems.push((C_ID_TYPE, m)));
    let id_cell = line.get(C_ID_NUMBER);
    let id_number = id_type.and_then(|t| {
        id::check(t, &id_cell.display(), id_cell.is_number(), today)
            .map(|i| i.number)
            .map_err(|p| problems.push((C_ID_NUMBER, p.msg())))
    });
    let phone =
        person::mobile(&line.get(C_PHONE).display()).map_err(|m| problems.push((C_PHONE, m)));
    let person_type = match person_type_of(line.get(C_PERSON_TYPE)) {
        Ok(Some(t)) => Some(t),
        Ok(None) => {
            problems.push((
                C_PERSON_TYPE,
                msg!("人员类型为空", "the person type is empty"),
            ));
            None
        }
        Err(m) => {
            problems.push((C_PERSON_TYPE, m));
            None
        }
    };
    let province = text(C_PROVINCE);
    match (Province::find(&province), base.province.as_deref()) {
        (None, _) => problems.push((
            C_PROVINCE,
            msg!("不认识的省份“{province}”", "unknown province '{province}'"),
        )),
        (Some(p), Some(mine)) if p.code != mine => {
            let code = &base.code;
            problems.push((
                C_PROVINCE,
                msg!(
                    "培训所在省份“{province}”不是基地 {code} 所在的省份",
                    "the province '{province}' is not that of the base {code}"
                ),
            ));
        }
        _ => {}
    }
    let named = text(C_BASE);
    if named != base.name && named != base.code {
        let (code, org_name) = (&base.code, &base.name);
        problems.push((
            C_BASE,
            msg!(
                "培训基地“{named}”不是 {org_name}({code});每个基地的结业信息分别导入",
                "the base '{named}' is not {org_name} ({code}); import each base's completers with its own --org"
            ),
        ));
    }
    let specialty = match specialty_of(line.get(C_SPECIALTY)) {
        Ok(Some(s)) => s,
        Ok(None) => {
            problems.push((C_SPECIALTY, msg!("培训专业为空", "the specialty is empty")));
            String::new()
        }
        Err(m) => {
            problems.push((C_SPECIALTY, m));
            String::new()
        }
    };
    let years = match years_of(line.get(C_YEARS)) {
        Ok(Some(y)) => Some(y),
        Ok(None) => {
            problems.push((C_YEARS, msg!("核定培训年限为空", "核定培训年限 is empty")));
            None
        }
        Err(m) => {
            problems.push((C_YEARS, m));
            None
        }
    };
    let required_day = |col: usize, field: &str, problems: &mut Vec<(usize, Msg)>| match day_of(
        line.get(col),
        field,
    ) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            problems.push((col, msg!("{field}为空", "{field} is empty")));
            None
        }
        Err(m) => {
            problems.push((col, m));
            None
        }
    };
    let start = required_day(C_START, "培训实际开始时间", problems);
    let end = required_day(C_END, "培训实际结束时间", problems);
    let cert_date = required_day(C_CERT_DATE, "合格证书发放时间", problems);
    let cert_no = text(C_CERT_NO);
    if cert_no.is_empty() {
        problems.push((
            C_CERT_NO,
            msg!("合格证书编号为空", "the certificate number is empty"),
        ));
    } else if cert_no.chars().count() > CERTIFICATE_MAX_CHARS {
        problems.push((
            C_CERT_NO,
            msg!(
                "合格证书编号超过 {CERTIFICATE_MAX_CHARS} 个字符",
                "the certificate number is longer than {CERTIFICATE_MAX_CHARS} characters"
            ),
        ));
    }
    if let (Some(s), Some(e)) = (start, end) {
        check_span(Some(s), Some(e), s.year(), problems, (C_START, C_END));
    }
    if let (Some(e), Some(c)) = (end, cert_date)
        && c < e
    {
        problems.push((
            C_CERT_DATE,
            msg!(
                "合格证书发放时间 {c} 早于培训结束时间 {e}",
                "the certificate date {c} is before the end of training {e}"
            ),
        ));
    }
    if let Ok(id_number) = &id_number
        && problems.is_empty()
    {
        first_time(seen, id_number, line.row, C_ID_NUMBER, problems);
    }
    if !problems.is_empty() {
        return None;
    }
    Some(CompletionLine {
        name: name.ok()?,
        id_type: id_type.ok()?,
        id_number: id_number.ok()?,
        phone: phone.ok()?,
        person_type: person_type?,
        specialty,
        years: years?,
        start: start?,
        end: end?,
        cert_no,
        cert_date: cert_date?,
    })
}

impl TrainingWriter<'_> {
    pub(super) fn completion_row(
        &mut self,
        line: CompletionLine,
        found: Option<Record>,
        problems: &mut Vec<(usize, Msg)>,
    ) -> Result<Option<Written>> {
        let recruit_year = line.start.year();
        // A new completer of a year whose new-recruit entry is shut is an
        // addition to that year: refused outside the completion window
        // (结业补报) without --override. A record already here is updated
        // at any time.
        let locked = self
            .lock_problem(recruit_year)
            .filter(|_| !self.locks.completion_open() && found.is_none());
        let sets = [
            (Field::Specialty, line.specialty.clone()),
            (Field::PersonType, line.person_type.label().to_owned()),
            (Field::ApprovedYears, line.years.to_string()),
            (Field::StartDate, line.start.to_string()),
            (Field::EndDate, line.end.to_string()),
            (Field::CertificateNo, line.cert_no.clone()),
            (Field::CertificateDate, line.cert_date.to_string()),
        ]
        .map(|(field, value)| Set { field, value });
        if let Some(m) = locked {
            problems.push((C_START, m));
            return Ok(None);
        }
        match found {
            Some(record) => {
                if record
                    .specialty
                    .as_deref()
                    .is_some_and(|s| s != line.specialty)
                {
                    let old = record.specialty.clone().unwrap_or_default();
                    problems.push((
                        C_SPECIALTY,
                        msg!(
                            "培训专业与记录(“{old}”)不一致",
                            "the specialty differs from the record's ('{old}')"
                        ),
                    ));
                    return Ok(None);
                }
                if record.status != Status::Completed
                    && !record.status.can_become(Status::Completed)
                {
                    problems.push((C_CERT_NO, record.status.refuse_move(Status::Completed)));
                    return Ok(None);
                }
                // What the row would rewrite: filling an empty field is not
                // a rewrite, changing a value (or the status) is.
                let mut differences: Vec<String> = sets
                    .iter()
                    .filter_map(|s| {
                        let old = s.field.of(&record)?;
                        (old != s.value).then(|| format!("{} {old} → {}", s.field.label(), s.value))
                    })
                    .collect();
                if record.status != Status::Completed {
                    differences.push(format!(
                        "培训状态 {} → {}",
                        record.status.label(),
                        Status::Completed.label()
                    ));
                }
                if !differences.is_empty() && !self.update {
                    let list = differences.join(";");
                    problems.push((
                        C_ID_NUMBER,
                        msg!(
                            "与已有培训记录不同:{list};如确需按此更新,请加 --update",
                            "differs from the stored training record: {list}; use --update to apply it"
                        ),
                    ));
                    return Ok(None);
                }
                let changed = self.apply(&record, &sets, Some(Status::Completed))?;
                Ok(Some(if changed {
                    Written::Updated
                } else {
                    Written::Skipped(None)
                }))
            }
            None => {
                if let Some(m) = self.create_completer(
                    &line.name,
                    line.id_type,
                    &line.id_number,
                    &line.phone,
                    recruit_year,
                )? {
                    problems.push((C_ID_NUMBER, m));
                    return Ok(None);
                }
                let record = match self.record_here(&line.id_number)? {
                    Ok(r) => r,
                    Err(m) => {
                        problems.push((C_ID_NUMBER, m));
                        return Ok(None);
                    }
                };
                self.apply(&record, &sets, Some(Status::Completed))?;
                Ok(Some(Written::Created))
            }
        }
    }

    /// Creates the account (if there is none) and a record at this base
    /// for an early completer; the refusal if the person is bound elsewhere.
    fn create_completer(
        &mut self,
        name: &str,
        id_type: IdType,
        id_number: &str,
        phone: &str,
        recruit_year: i32,
    ) -> Result<Option<Msg>> {
        let existing: Option<(i64, String, String)> = self
            .tx
            .query_row(
                "SELECT a.id, a.role, coalesce(o.code, '')
                 FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
                [id_number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let account_id = match existing {
            Some((_, role, code)) if role != "resident" => {
                return Ok(Some(msg!(
                    "此证件号码已是 {code} 的非住院医师账号",
                    "this ID number already has a non-resident account at {code}"
                )));
            }
            Some((id, _, code)) => {
                if let Some(b) = crate::training::bound_elsewhere(self.tx, id, self.org.id)? {
                    return Ok(Some(b.refusal()));
                }
                if code != self.org.code {
                    self.tx.execute(
                        "UPDATE account SET org_id = ?2 WHERE id = ?1",
                        params![id, self.org.id],
                    )?;
                    let org_code = self.org.code.clone();
                    self.log(&Item {
                        subject: id_number,
                        entity: "account",
                        action: "update",
                        field: Some("机构"),
                        before: Some(&code),
                        after: Some(&org_code),
                        note: None,
                    })?;
                }
                id
            }
            None => {
                self.tx.execute(
                    "INSERT INTO account (id_number, id_type, name, phone, role, org_id, created_change)
                     VALUES (?1, ?2, ?3, ?4, 'resident', ?5, ?6)",
                    params![id_number, id_type.label(), name, phone, self.org.id, self.change.id],
                )?;
                self.tx.last_insert_rowid()
            }
        };
        self.tx.execute(
            "INSERT INTO training (account_id, org_id, recruit_year, status, created_change)
             VALUES (?1, ?2, ?3, ?5, ?4)",
            params![
                account_id,
                self.org.id,
                recruit_year,
                self.change.id,
                Status::InTraining
            ],
        )?;
        Ok(None)
    }
}
