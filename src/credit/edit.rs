//! `credit edit`: changing a 待审 record's fields, checked by the same
//! rules as an import, each changed field logged.

use chrono::NaiveDate;

use super::list::{CreditRecord, get_record, no_record, not_pending};
use super::store::{FieldChange, Stored, field_changes, store_fields};
use super::{
    CREDITS, CreditStatus, END, FORM, FieldChecks, IMAGE, ORGANIZER, PROJECT_NAME, PROJECT_NO,
    REMARK, START, SUBJECT, TYPE, YEAR, check_fields,
};
use crate::db::sql::{Connection, OptionalExtension, params};
use crate::error::{Error, Result};
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::sheet::Cell;

/// New values for a record's fields (`credit edit`); `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub project_no: Option<String>,
    pub project_name: Option<String>,
    pub credits: Option<String>,
    pub kind: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub form: Option<String>,
    pub organizer: Option<String>,
    pub year: Option<String>,
    pub subject: Option<String>,
    pub remark: Option<String>,
    /// 上传图片: a JPEG file's path.
    pub image: Option<String>,
}

/// Changes a 待审 record. The new values are checked by the same rules as
/// an import; every changed field is logged with its value before and after.
/// A record that is not 待审 is refused: the inner `Err`, a data problem
/// rather than a usage error.
pub fn edit(
    conn: &mut Connection,
    id: i64,
    e: &Edit,
    today: NaiveDate,
    who: &Who,
) -> Result<std::result::Result<(CreditRecord, Vec<FieldChange>), Msg>> {
    let tx = crate::db::write(conn)?;
    let rec = get_record(&tx, id)?.ok_or_else(|| Error::Usage(no_record(id)))?;
    if rec.status != CreditStatus::Pending {
        return Ok(Err(not_pending(id, rec.status, &msg!("修改", "changed"))));
    }
    let pick = |new: &Option<String>, old: String| Cell::Text(new.clone().unwrap_or(old));
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut cells = vec![Cell::Empty; IMAGE + 1];
    cells[PROJECT_NO] = pick(&e.project_no, rec.project_no.clone());
    cells[PROJECT_NAME] = pick(&e.project_name, rec.project_name.clone());
    cells[CREDITS] = pick(&e.credits, rec.credits.to_string());
    cells[TYPE] = pick(&e.kind, rec.kind.clone());
    cells[START] = pick(&e.start, rec.start_date.clone());
    cells[END] = pick(&e.end, rec.end_date.clone());
    cells[FORM] = pick(&e.form, opt(&rec.form));
    cells[ORGANIZER] = pick(&e.organizer, opt(&rec.organizer));
    cells[YEAR] = pick(&e.year, rec.year.to_string());
    cells[SUBJECT] = pick(&e.subject, opt(&rec.subject));
    cells[REMARK] = pick(&e.remark, opt(&rec.remark));
    cells[IMAGE] = pick(&e.image, opt(&rec.image));
    let mut errors = Vec::new();
    let get = |c: usize| &cells[c];
    let subjects = crate::codes::subjects(&tx)?;
    let checks = FieldChecks {
        subjects: &subjects,
        folder: None,
    };
    let Some(f) = check_fields(&get, &checks, today, &mut errors) else {
        let mut m = errors[0].1.clone();
        for (_, next) in &errors[1..] {
            m = m.join(next);
        }
        return Err(Error::Usage(m));
    };
    if f.project_no != rec.project_no {
        let taken: Option<i64> = tx
            .query_row(
                "SELECT c.id FROM credit c WHERE c.project_no = ?2
                 AND c.account_id = (SELECT account_id FROM credit WHERE id = ?1)",
                params![id, f.project_no],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = taken {
            let no = &f.project_no;
            return Err(Error::Usage(msg!(
                "该人员已有项目编号 {no} 的学分记录(编号 {other})",
                "this member already has a record for project {no} (id {other})"
            )));
        }
    }
    let stored = Stored::by_id(&tx, id)?.ok_or_else(|| Error::Usage(no_record(id)))?;
    if field_changes(&stored.fields, &f).is_empty() {
        return Ok(Ok((rec, Vec::new())));
    }
    let change = Change::begin(&tx, who)?;
    let changes = store_fields(&tx, &change, id, &rec.id_number, &stored.fields, &f)?;
    let updated = get_record(&tx, id)?.ok_or_else(|| Error::Usage(no_record(id)))?;
    tx.commit()?;
    Ok(Ok((updated, changes)))
}
