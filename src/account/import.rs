//! `account import`: a roster spreadsheet turned into accounts (the
//! platform's 账号模板; docs/domain.md#importing-accounts), and for
//! residents a training record at the base. Applicants of recruitment (招录)
//! are imported without an organisation.
//!
//! Every row is checked on its own; good rows are written in one
//! transaction, refused rows reported with their row number, column and
//! reason. `--dry-run` and `--strict` run exactly the same work and roll it
//! back, so what they report is what a real import would do.

use std::collections::HashMap;
use std::path::Path;

use crate::db::batch::{Batch, Kind, Read, Table};
use crate::db::sql::{Connection, Row, ToSql, params};
use chrono::{Datelike, NaiveDate};

use super::Registration;
use super::Role;
use super::password::{self, Issued};
use crate::collection::Locks;
use crate::error::{Error, Result};
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::import::{At, Check, Flags, Import, OneSheet, Seen, Source, Written, record_check};
use crate::msg;
use crate::org::{self, Org, RegionLevel};
use crate::rules::id::{self, IdType};
use crate::rules::person;
use crate::rules::text::yes_no;
use crate::sheet::{Column, Layout, Record, Workbook};
use crate::state::State;
use crate::training;

// Columns of the account templates, by their positions in MEMBER_LAYOUT,
// the widest: the other layouts are its first columns (a test checks).
use member_col::{
    DEPARTMENT, EMAIL, ID_NUMBER, ID_TYPE, NAME, PHONE, STANDARD, TAKES_CME, TITLE, YEAR,
};

const NAME_ALIASES: &[&str] = &["name", "真实姓名", "学员姓名"];
const ID_TYPE_ALIASES: &[&str] = &["id type", "证件类别", "身份证件类别", "证件种类"];
const ID_NUMBER_ALIASES: &[&str] = &[
    "id number",
    "id no",
    "证件号",
    "身份证号",
    "身份证号码",
    "身份证件号码",
    "证件号码(登录账号)",
];
const PHONE_ALIASES: &[&str] = &["mobile", "phone", "手机", "手机号", "联系电话", "移动电话"];
const DEPARTMENT_ALIASES: &[&str] = &["department", "所在科室", "科室名称"];
const TITLE_ALIASES: &[&str] = &["title", "职称", "专业技术职称"];
const EMAIL_ALIASES: &[&str] = &["email", "e-mail", "邮箱", "电子邮件"];

/// The 账号模板 for residents.
pub const RESIDENT_LAYOUT: Layout = Layout {
    sheet: "账号模板",
    columns: &[
        Column::required(
            "招收年份",
            &["recruitment year", "year", "年级", "招录年份"],
        ),
        Column::required("姓名", NAME_ALIASES),
        Column::required("证件类型", ID_TYPE_ALIASES),
        Column::required("证件号码", ID_NUMBER_ALIASES),
        Column::required("手机号码", PHONE_ALIASES),
    ],
};

crate::sheet::layout! {
    /// The member roster of a CME institution (docs/domain.md#cme-members).
    pub const MEMBER_LAYOUT = sheet "账号模板", positions member_col {
        YEAR: Column::optional("招收年份", &[]),
        NAME: Column::required("姓名", NAME_ALIASES),
        ID_TYPE: Column::required("证件类型", ID_TYPE_ALIASES),
        ID_NUMBER: Column::required("证件号码", ID_NUMBER_ALIASES),
        PHONE: Column::required("手机号码", PHONE_ALIASES),
        DEPARTMENT: Column::required("科室", DEPARTMENT_ALIASES),
        TITLE: Column::required("技术职称", TITLE_ALIASES),
        EMAIL: Column::required("电子邮箱", EMAIL_ALIASES),
        TAKES_CME: Column::required(
            "参加继教",
            &["takes cme", "是否参加继教", "是否参加继续教育"],
        ),
        STANDARD: Column::required(
            "学分达标遵照",
            &["学分达标遵照标准", "学分标准遵照", "credit standard"],
        ),
    }
}

/// Teachers (师资, docs/domain.md#teachers): the account columns, with
/// department and title when the roster has them.
pub const TEACHER_LAYOUT: Layout = Layout {
    sheet: "账号模板",
    columns: &[
        Column::optional("招收年份", &[]),
        Column::required("姓名", NAME_ALIASES),
        Column::optional("证件类型", ID_TYPE_ALIASES),
        Column::required("证件号码", ID_NUMBER_ALIASES),
        Column::required("手机号码", PHONE_ALIASES),
        Column::optional("科室", DEPARTMENT_ALIASES),
        Column::optional("技术职称", TITLE_ALIASES),
        Column::optional("电子邮箱", EMAIL_ALIASES),
    ],
};

/// Applicants of recruitment (招录): the account columns without 招收年份,
/// which their admission decides.
pub const APPLICANT_LAYOUT: Layout = Layout {
    sheet: "账号模板",
    columns: &[
        Column::optional("招收年份", &[]),
        Column::required("姓名", NAME_ALIASES),
        Column::required("证件类型", ID_TYPE_ALIASES),
        Column::required("证件号码", ID_NUMBER_ALIASES),
        Column::required("手机号码", PHONE_ALIASES),
    ],
};

pub fn layout(role: Role) -> &'static Layout {
    match role {
        Role::Resident => &RESIDENT_LAYOUT,
        Role::Member => &MEMBER_LAYOUT,
        Role::Teacher => &TEACHER_LAYOUT,
        Role::Applicant => &APPLICANT_LAYOUT,
    }
}

/// What `account import` is asked to do, besides the flags every import
/// takes.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The organisation the accounts belong to; none for applicants.
    pub org: Option<String>,
    pub role: Role,
    /// Give the new accounts random temporary passwords instead of the default.
    pub random_passwords: bool,
    /// Import residents of a recruitment year whose collection has closed
    /// (the province's decision; recorded with the command line).
    pub override_lock: bool,
    /// Members: the unit approves the registrations as it imports them
    /// (单位审核通过) instead of leaving them 单位待审 for `account review`.
    pub approve: bool,
    /// Bounds birth dates and recruitment years.
    pub today: NaiveDate,
}

pub use crate::import::{ImportReport, Refused, RowError, reasons_text};

/// A row that passed the checks of its own cells.
pub struct Person {
    year: Option<i32>,
    name: String,
    id_type: IdType,
    id_number: String,
    phone: String,
    department: Option<String>,
    title: Option<String>,
    email: Option<String>,
    /// 参加继教, for members; `None` when the roster does not say.
    takes_cme: Option<bool>,
    /// 学分达标遵照, for members: the region level whose standards they follow.
    standard_region: Option<RegionLevel>,
}

/// Checks the cells of one row; every problem is reported, not just the first.
fn check_row(
    rec: &Record,
    role: Role,
    today: NaiveDate,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<Person> {
    let text = |col: usize| -> Option<String> {
        let c = rec.get(col);
        (!c.is_blank()).then(|| c.text().into_owned())
    };
    let year = match role {
        Role::Resident => {
            let cell = rec.get(YEAR);
            match cell.as_year() {
                Some(y) if (1990..=today.year() + 1).contains(&y) => Some(y),
                Some(y) => {
                    errors.push((
                        YEAR,
                        msg!(
                            "招收年份 {y} 不合理",
                            "the recruitment year {y} is implausible"
                        ),
                    ));
                    None
                }
                None if cell.is_blank() => {
                    errors.push((YEAR, msg!("招收年份为空", "the recruitment year is empty")));
                    None
                }
                None => {
                    let shown = cell.display();
                    errors.push((
                        YEAR,
                        msg!(
                            "招收年份“{shown}”不是年份(如 2019)",
                            "the recruitment year '{shown}' is not a year (such as 2019)"
                        ),
                    ));
                    None
                }
            }
        }
        _ => None,
    };
    let name = person::name(&rec.get(NAME).display())
        .map_err(|m| errors.push((NAME, m)))
        .ok();
    let id_cell = rec.get(ID_NUMBER);
    let id_type = id::type_of(&rec.get(ID_TYPE).display(), &id_cell.display())
        .map_err(|m| errors.push((ID_TYPE, m)))
        .ok();
    let id_number = id_type.and_then(|t| {
        id::check(t, &id_cell.display(), id_cell.is_number(), today)
            .map_err(|p| errors.push((ID_NUMBER, p.msg())))
            .ok()
    });
    let phone = person::mobile(&rec.get(PHONE).display())
        .map_err(|m| errors.push((PHONE, m)))
        .ok();
    let (department, title, email) = match role {
        Role::Resident | Role::Applicant => (None, None, None),
        _ => {
            let department = text(DEPARTMENT);
            let title = text(TITLE);
            if role == Role::Member {
                if department.is_none() {
                    errors.push((DEPARTMENT, msg!("科室为空", "the department is empty")));
                }
                if title.is_none() {
                    errors.push((
                        TITLE,
                        msg!(
                            "技术职称为空(没有职称请填“无职称”)",
                            "the title is empty (write 无职称 for none)"
                        ),
                    ));
                }
            }
            let email = match text(EMAIL) {
                None if role == Role::Member => {
                    errors.push((EMAIL, msg!("电子邮箱为空", "the e-mail is empty")));
                    None
                }
                None => None,
                Some(e) => person::email(&e).map_err(|m| errors.push((EMAIL, m))).ok(),
            };
            (department, title, email)
        }
    };
    let mut takes_cme = None;
    let mut standard_region = None;
    if role == Role::Member {
        match text(TAKES_CME) {
            None => errors.push((
                TAKES_CME,
                msg!("参加继教为空(填 是 或 否)", "参加继教 is empty (是 or 否)"),
            )),
            Some(v) => {
                takes_cme = yes_no(&v);
                if takes_cme.is_none() {
                    errors.push((
                        TAKES_CME,
                        msg!(
                            "参加继教应填 是 或 否,而不是“{v}”",
                            "参加继教 must be 是 or 否, not '{v}'"
                        ),
                    ));
                }
            }
        }
        let all: Vec<&str> = RegionLevel::ALL.iter().map(|l| l.label()).collect();
        let all = all.join("、");
        match text(STANDARD) {
            None => errors.push((
                STANDARD,
                msg!(
                    "学分达标遵照为空(可用:{all})",
                    "学分达标遵照 is empty (use one of: {all})"
                ),
            )),
            Some(v) => {
                standard_region = RegionLevel::of_standard(&v);
                if standard_region.is_none() {
                    errors.push((
                        STANDARD,
                        msg!(
                            "不认识的学分达标遵照“{v}”(可用:{all})",
                            "unknown 学分达标遵照 '{v}' (use one of: {all})"
                        ),
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        return None;
    }
    Some(Person {
        year,
        name: name?,
        id_type: id_type?,
        id_number: id_number?.number,
        phone: phone?,
        department,
        title,
        email,
        takes_cme,
        standard_region,
    })
}

/// An existing account with the same ID number.
struct Existing {
    id: i64,
    id_type: String,
    name: String,
    phone: Option<String>,
    role: String,
    org_id: i64,
    org_code: String,
    org_name: String,
    registration: Option<Registration>,
}

impl Existing {
    /// What a query selects of an account `a` and its organisation `o`.
    const COLUMNS: &str = "a.id, a.id_type, a.name, a.phone, a.role, coalesce(a.org_id, 0),
                           coalesce(o.code, ''), coalesce(o.name, ''), a.registration";

    /// The account from [`Existing::COLUMNS`], selected from column `at` on.
    fn from_row(r: &Row<'_>, at: usize) -> crate::db::sql::Result<Existing> {
        Ok(Existing {
            id: r.get(at)?,
            id_type: r.get(at + 1)?,
            name: r.get(at + 2)?,
            phone: r.get(at + 3)?,
            role: r.get(at + 4)?,
            org_id: r.get(at + 5)?,
            org_code: r.get(at + 6)?,
            org_name: r.get(at + 7)?,
            registration: r.get(at + 8)?,
        })
    }
}

/// The account table as an import writes it, keyed by ID number.
static ACCOUNT: Table = Table::new(
    "account",
    &[
        ("id_number", Kind::Text),
        ("id_type", Kind::Text),
        ("name", Kind::Text),
        ("phone", Kind::Text),
        ("email", Kind::Text),
        ("department_id", Kind::Int),
        ("title", Kind::Text),
        ("takes_cme", Kind::Int),
        ("standard_region", Kind::Text),
        ("role", Kind::Text),
        ("org_id", Kind::Int),
        ("created_change", Kind::Int),
        ("registration", Kind::Text),
    ],
    1,
)
.sharing(4);

/// The training records of new residents.
static TRAINING: Table = Table::new(
    "training",
    &[
        ("account_id", Kind::Int),
        ("recruit_year", Kind::Int),
        ("org_id", Kind::Int),
        ("status", Kind::Text),
        ("created_change", Kind::Int),
    ],
    0,
)
.sharing(3);

/// Good rows handed to the writer at once.
const BATCH: usize = 8192;

/// The database side of an account import.
pub struct AccountWriter<'a> {
    tx: &'a Connection,
    change: Change,
    /// None for applicants.
    org: Option<&'a Org>,
    role: Role,
    update: bool,
    /// The registration state of new (and moved) members.
    registration: Option<Registration>,
    departments: HashMap<String, i64>,
    /// New accounts that get a random password once the import commits.
    created: Vec<(String, String, Role)>,
    random_passwords: bool,
    /// Refused registrations imported again with changes, and so
    /// submitted to the unit again.
    resubmitted: u64,
}

impl AccountWriter<'_> {
    fn department_id(&mut self, name: &Option<String>) -> Result<Option<i64>> {
        let (Some(name), Some(org)) = (name, self.org) else {
            return Ok(None);
        };
        if let Some(&id) = self.departments.get(name) {
            return Ok(Some(id));
        }
        self.tx.execute(
            "INSERT INTO department (org_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![org.id, name],
        )?;
        let id: i64 = self.tx.query_row(
            "SELECT id FROM department WHERE org_id = ?1 AND name = ?2",
            params![org.id, name],
            |r| r.get(0),
        )?;
        self.departments.insert(name.clone(), id);
        Ok(Some(id))
    }

    fn open_training(&mut self, account_id: i64, year: Option<i32>) -> Result<()> {
        if let (Role::Resident, Some(year), Some(org)) = (self.role, year, self.org) {
            self.tx
                .prepare_cached(
                    "INSERT INTO training (account_id, org_id, recruit_year, status,
                                           created_change)
                     VALUES (?1, ?2, ?3, ?5, ?4)",
                )?
                .execute(params![
                    account_id,
                    org.id,
                    year,
                    self.change.id,
                    training::Status::InTraining
                ])?;
        }
        Ok(())
    }

    /// Writes a batch of good rows through the batch write; the outcome of
    /// each, in file order. The new accounts are inserted in the file's
    /// order (ids are given as row by row; registration order, which lists
    /// follow, stays the file's), the new residents' training records
    /// after them; the rows for people who have an account already are
    /// read and locked at once, then judged one by one in file order.
    ///
    /// On a server, a person that another base's import is creating at
    /// the same moment waits for that import to commit and is then judged
    /// as an existing account: the binding rule holds across concurrent
    /// imports. (Two imports that create the same people in opposite
    /// orders at the same moment deadlock; the server ends one of them,
    /// which `import::run` runs again alone.)
    fn write_rows(&mut self, rows: Vec<Person>) -> Result<Vec<Written>> {
        // Departments are found (or created) in file order.
        let mut departments = Vec::with_capacity(rows.len());
        for p in &rows {
            departments.push(self.department_id(&p.department)?);
        }
        let role = self.role.key();
        let org = self.org.map(|o| o.id);
        let id_types: Vec<&'static str> = rows.iter().map(|p| p.id_type.label()).collect();
        let standards: Vec<Option<&'static str>> = rows
            .iter()
            .map(|p| p.standard_region.map(RegionLevel::label))
            .collect();
        let shared: [&dyn ToSql; 4] = [&role, &org, &self.change.id, &self.registration];
        let mut batch = Batch::with_capacity(&ACCOUNT, rows.len(), &shared);
        for (i, p) in rows.iter().enumerate() {
            batch.push(&[
                &p.id_number,
                &id_types[i],
                &p.name,
                &p.phone,
                &p.email,
                &departments[i],
                &p.title,
                &p.takes_cme,
                &standards[i],
            ]);
        }
        let ids = batch.insert_new(self.tx)?;

        if let (Role::Resident, Some(org)) = (self.role, self.org) {
            let new: Vec<(i64, i32)> = rows
                .iter()
                .zip(&ids)
                .filter_map(|(p, id)| Some(((*id)?, p.year?)))
                .collect();
            let status = training::Status::InTraining;
            let shared: [&dyn ToSql; 3] = [&org.id, &status, &self.change.id];
            let mut trainings = Batch::with_capacity(&TRAINING, new.len(), &shared);
            for (id, year) in &new {
                trainings.push(&[id, year]);
            }
            trainings.insert_all(self.tx)?;
        }

        let stored: Vec<usize> = (0..rows.len()).filter(|&i| ids[i].is_none()).collect();
        let mut existing: HashMap<usize, Existing> = HashMap::new();
        batch.find(
            self.tx,
            &stored,
            &Read {
                columns: Existing::COLUMNS,
                from: "account a LEFT JOIN org o ON o.id = a.org_id",
                alias: "a",
                lock: Some("a"),
            },
            |i, r| {
                existing.insert(i, Existing::from_row(r, 0)?);
                Ok(())
            },
        )?;
        drop(batch);

        let mut out = Vec::with_capacity(rows.len());
        for (i, p) in rows.into_iter().enumerate() {
            out.push(match (ids[i], existing.remove(&i)) {
                (Some(_), _) => {
                    if self.random_passwords {
                        self.created.push((p.id_number, p.name, self.role));
                    }
                    Written::Created
                }
                (None, Some(e)) => self.existing(&p, &e)?,
                // Not there for this import (see `unseen`).
                (None, None) => self.unseen(&p)?,
            });
        }
        Ok(out)
    }

    /// A row for a person whose account exists but is not there for this
    /// import: deleted by another command meanwhile, or — on a server — an
    /// account of an organisation the connected office does not
    /// administer, which it may neither see nor take. The binding rule
    /// still says why, as it would to the owner: the server answers
    /// whether and where the person is in training.
    fn unseen(&mut self, p: &Person) -> Result<Written> {
        let refused = |m: Msg| Ok(Written::Refused(vec![(At::Column(ID_NUMBER), m)]));
        if let Some(org) = self.org
            && let Some(b) = training::bound_elsewhere_of(self.tx, &p.id_number, org.id)?
        {
            return refused(b.refusal());
        }
        if crate::db::restricted(self.tx)? {
            return refused(msg!(
                "此证件号码已有其他机构的账号,当前数据库用户无权查看或接收;人员在机构之间调动由数据库所有者办理",
                "this ID number already has an account at another organisation, which this database user may neither see nor take; moving a person between organisations is done by the database's owner"
            ));
        }
        Ok(Written::Skipped(None))
    }

    /// A row for a person who already has an account.
    fn existing(&mut self, p: &Person, e: &Existing) -> Result<Written> {
        let refused = |m: Msg| Ok(Written::Refused(vec![(At::Column(ID_NUMBER), m)]));
        if e.role == Role::Applicant.key() && self.role != Role::Applicant {
            return refused(msg!(
                "此证件号码已是招录报名人员的账号;录取后由 meded recruit admit 转为本基地住院医师",
                "this ID number already has an applicant's account (recruitment); admission (meded recruit admit) makes it a resident of the base"
            ));
        }
        if e.role != self.role.key() {
            let role = Role::from_key(&e.role).map_or("?", Role::label);
            let (org, code) = (&e.org_name, &e.org_code);
            if self.role == Role::Applicant && e.role == Role::Resident.key() {
                return refused(msg!(
                    "此证件号码已是 {org}({code})的住院医师账号;住院医师可用该账号报名,无需再导入",
                    "this ID number already has a resident account at {org} ({code}); a resident applies with that account and is not imported again"
                ));
            }
            return refused(msg!(
                "此证件号码已是 {org}({code})的{role}账号",
                "this ID number already has a {role} account at {org} ({code})"
            ));
        }
        if e.id_type != p.id_type.label() {
            let old = &e.id_type;
            return refused(msg!(
                "证件类型不能更改(已登记为 {old});如登记有误,请删除该账号后重新导入",
                "the ID type cannot be changed (registered as {old}); if that is wrong, delete the account and import it again"
            ));
        }
        let moving_to = self.org.filter(|o| o.id != e.org_id);
        let moving = moving_to.is_some();
        if let Some(org) = moving_to {
            if let Some(b) = training::bound_elsewhere(self.tx, e.id, org.id)? {
                return refused(b.refusal());
            }
            if self.role != Role::Resident && !self.update {
                let (org, code) = (&e.org_name, &e.org_code);
                return refused(msg!(
                    "此人的账号属于 {org}({code});如已调入本单位,请加 --update 导入",
                    "this person's account belongs to {org} ({code}); if they have moved here, import with --update"
                ));
            }
        }
        let mut changed = false;
        if let Some(org) = moving_to {
            self.tx
                .prepare_cached("UPDATE account SET org_id = ?2 WHERE id = ?1")?
                .execute(params![e.id, org.id])?;
            self.change.log_field(
                self.tx,
                &p.id_number,
                "account",
                "机构",
                Some(&e.org_code),
                Some(&org.code),
            )?;
            changed = true;
            if let Some(state) = self.registration {
                // The new unit has not reviewed the registration (unless
                // this import approves it).
                let before: Option<Registration> = self
                    .tx
                    .prepare_cached("SELECT registration FROM account WHERE id = ?1")?
                    .query_row([e.id], |r| r.get(0))?;
                self.tx
                    .prepare_cached("UPDATE account SET registration = ?2 WHERE id = ?1")?
                    .execute(params![e.id, state])?;
                self.change.log_field(
                    self.tx,
                    &p.id_number,
                    "account",
                    Registration::FIELD,
                    before.map(Registration::label),
                    Some(state.label()),
                )?;
            }
        }
        // A registration the unit has not approved is still the member's to
        // correct, as on the platform (单位待审 or 单位审核不过: 用户可修改注册信息):
        // the roster's changes apply without --update. An approved one
        // changes only with --update.
        let open_registration =
            self.role == Role::Member && !moving && e.registration != Some(Registration::Approved);
        if self.update || open_registration {
            let corrected = self.update_fields(p, e)?;
            changed |= corrected;
            if corrected && !moving && e.registration == Some(Registration::Rejected) {
                self.resubmit(p, e)?;
            }
        }
        if self.role == Role::Resident && self.needs_training(e.id)? {
            self.open_training(e.id, p.year)?;
            changed = true;
        }
        Ok(match (changed, moving) {
            // A transfer between bases, or a member moving with --update:
            // a new account here, as the receiving organisation sees it.
            (true, true) => Written::Created,
            (true, false) => Written::Updated,
            (false, _) if !self.update => Written::Skipped(differs(p, e)),
            (false, _) => Written::Skipped(None),
        })
    }

    /// A refused registration (单位审核不过) imported again with changes is
    /// submitted to the unit again: 单位待审, back in its queue (or approved
    /// at once with `--approve`).
    fn resubmit(&mut self, p: &Person, e: &Existing) -> Result<()> {
        let to = self.registration.unwrap_or(Registration::Pending);
        self.tx
            .prepare_cached("UPDATE account SET registration = ?2 WHERE id = ?1")?
            .execute(params![e.id, to])?;
        self.change.log(
            self.tx,
            &crate::history::Item {
                subject: &p.id_number,
                entity: "account",
                action: "resubmit",
                field: Some(Registration::FIELD),
                before: Some(Registration::Rejected.label()),
                after: Some(to.label()),
                note: Some("注册信息修改后重新提交单位审核"),
            },
        )?;
        self.resubmitted += 1;
        Ok(())
    }

    /// With `--update` (or for a registration not yet approved): name and
    /// phone (and for members department, title, e-mail, 参加继教 and
    /// 学分达标遵照) follow the roster. The ID type and number never change.
    fn update_fields(&mut self, p: &Person, e: &Existing) -> Result<bool> {
        let mut changed = false;
        if p.name != e.name {
            self.tx
                .prepare_cached("UPDATE account SET name = ?2 WHERE id = ?1")?
                .execute(params![e.id, p.name])?;
            changed |= self.change.log_field(
                self.tx,
                &p.id_number,
                "account",
                "姓名",
                Some(&e.name),
                Some(&p.name),
            )?;
        }
        if e.phone.as_deref() != Some(p.phone.as_str()) {
            self.tx
                .prepare_cached("UPDATE account SET phone = ?2 WHERE id = ?1")?
                .execute(params![e.id, p.phone])?;
            changed |= self.change.log_field(
                self.tx,
                &p.id_number,
                "account",
                "手机号码",
                e.phone.as_deref(),
                Some(&p.phone),
            )?;
        }
        if let Some(takes) = p.takes_cme.filter(|_| self.role == Role::Member) {
            let before: Option<bool> =
                self.tx
                    .query_row("SELECT takes_cme FROM account WHERE id = ?1", [e.id], |r| {
                        r.get(0)
                    })?;
            if before != Some(takes) {
                self.tx.execute(
                    "UPDATE account SET takes_cme = ?2 WHERE id = ?1",
                    params![e.id, takes],
                )?;
                let yes_no = |b: bool| if b { "是" } else { "否" };
                changed |= self.change.log_field(
                    self.tx,
                    &p.id_number,
                    "account",
                    "参加继教",
                    before.map(yes_no),
                    Some(yes_no(takes)),
                )?;
            }
        }
        if let Some(level) = p.standard_region.filter(|_| self.role == Role::Member) {
            let before: Option<String> = self.tx.query_row(
                "SELECT standard_region FROM account WHERE id = ?1",
                [e.id],
                |r| r.get(0),
            )?;
            if before.as_deref() != Some(level.label()) {
                self.tx.execute(
                    "UPDATE account SET standard_region = ?2 WHERE id = ?1",
                    params![e.id, level.label()],
                )?;
                changed |= self.change.log_field(
                    self.tx,
                    &p.id_number,
                    "account",
                    "学分达标遵照",
                    before.as_deref(),
                    Some(level.label()),
                )?;
            }
        }
        if !matches!(self.role, Role::Resident | Role::Applicant) {
            let department = self.department_id(&p.department)?;
            let (old_dept, old_title, old_email): (Option<String>, Option<String>, Option<String>) =
                self.tx.query_row(
                    "SELECT d.name, a.title, a.email FROM account a
                     LEFT JOIN department d ON d.id = a.department_id WHERE a.id = ?1",
                    [e.id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?;
            self.tx.execute(
                "UPDATE account SET department_id = coalesce(?2, department_id),
                                    title = coalesce(?3, title), email = coalesce(?4, email)
                 WHERE id = ?1",
                params![e.id, department, p.title, p.email],
            )?;
            for (field, before, after) in [
                ("科室", old_dept, p.department.clone()),
                ("技术职称", old_title, p.title.clone()),
                ("电子邮箱", old_email, p.email.clone()),
            ] {
                if after.is_some() {
                    changed |= self.change.log_field(
                        self.tx,
                        &p.id_number,
                        "account",
                        field,
                        before.as_deref(),
                        after.as_deref(),
                    )?;
                }
            }
        }
        Ok(changed)
    }

    /// A resident needs a new training record here when they have none at
    /// this base that is still open: a first admission after a transfer, or
    /// a re-admission after 退培 (a change of specialty:
    /// docs/domain.md#transfers).
    fn needs_training(&self, account_id: i64) -> Result<bool> {
        let Some(org) = self.org else {
            return Ok(false);
        };
        let open: i64 = self
            .tx
            .prepare_cached(
                "SELECT count(*) FROM training
                 WHERE account_id = ?1 AND org_id = ?2 AND status <> ?3",
            )?
            .query_row(
                params![account_id, org.id, training::Status::Withdrawn],
                |r| r.get(0),
            )?;
        Ok(open == 0)
    }
}

/// Why a row for an existing account changes nothing although it differs:
/// the name or phone it gives is not the stored one, and `--update` was
/// not given.
fn differs(p: &Person, e: &Existing) -> Option<(usize, Msg)> {
    let (col, field, stored, given) = if p.name != e.name {
        (NAME, "姓名", e.name.as_str(), p.name.as_str())
    } else if e.phone.as_deref() != Some(p.phone.as_str()) {
        (
            PHONE,
            "手机号码",
            e.phone.as_deref().unwrap_or(""),
            p.phone.as_str(),
        )
    } else {
        return None;
    };
    Some((
        col,
        msg!(
            "已跳过:{field}与已有账号不同(现为“{stored}”,文件为“{given}”);如要更新,请加 --update",
            "skipped: the {field} differs from the account's ('{stored}', the file has '{given}'); use --update to change it"
        ),
    ))
}

impl crate::import::Writer for AccountWriter<'_> {
    type Row = Person;
    type Done = Vec<Issued>;

    fn write(&mut self, p: Person) -> Result<Written> {
        Ok(self
            .write_rows(vec![p])?
            .pop()
            .unwrap_or(Written::Skipped(None)))
    }

    fn batch_size(&self) -> usize {
        BATCH
    }

    fn write_batch(&mut self, rows: Vec<Person>) -> Result<Vec<Written>> {
        self.write_rows(rows)
    }

    fn done(
        self,
        commit: bool,
        report: &mut ImportReport,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Vec<Issued>> {
        if let (Some(Registration::Pending), Some(org)) = (self.registration, self.org)
            && report.imported > 0
        {
            let code = &org.code;
            report.remarks.push(msg!(
                "新账号为“单位待审”,单位审核通过后才能登录并计入学分标准:meded account review --org {code}",
                "the new accounts are 单位待审 (pending): they can log in and count once the unit approves them: meded account review --org {code}"
            ));
        }
        if let (Some(Registration::Pending), Some(org), n @ 1..) =
            (self.registration, self.org, self.resubmitted)
        {
            let code = &org.code;
            report.remarks.push(msg!(
                "{n} 名审核不过的人员修改了注册信息,已重新提交,现为“单位待审”:meded account review --org {code}",
                "{n} refused registrations were corrected and submitted again; they are 单位待审 (pending) once more: meded account review --org {code}"
            ));
        }
        if commit && !self.created.is_empty() {
            password::issue_random(self.tx, &self.change, self.created, progress)
        } else {
            Ok(Vec::new())
        }
    }
}

/// `account import` on the import skeleton.
pub struct AccountImport {
    org: Option<Org>,
    opts: ImportOptions,
    bytes: u64,
}

impl OneSheet for AccountImport {
    fn layout(&self) -> &'static Layout {
        layout(self.opts.role)
    }
}

impl Import for AccountImport {
    type Input = Record;
    type Row = Person;
    type Done = Vec<Issued>;
    type Writer<'t> = AccountWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.bytes = std::fs::metadata(book.path()).map_or(0, |m| m.len());
        self.records(book, flags)
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        flags: &Flags,
    ) -> Result<(Check<Record, Person>, AccountWriter<'t>)> {
        let (role, today) = (self.opts.role, self.opts.today);
        let locks = (!self.opts.override_lock)
            .then(|| Locks::load(tx, today))
            .transpose()?;
        let mut seen = Seen::for_file_of(self.bytes);
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let person = check_row(rec, role, today, problems)?;
            if let Some(lock) = locks
                .as_ref()
                .and_then(|l| person.year.and_then(|y| l.entry(y)))
            {
                problems.push((YEAR, lock.msg()));
                return None;
            }
            if let Some(first) = seen.first_row(&person.id_number, rec.row) {
                problems.push((
                    ID_NUMBER,
                    msg!(
                        "与第 {first} 行的证件号码重复",
                        "the same ID number as row {first}"
                    ),
                ));
                return None;
            }
            Some(person)
        });
        let writer = AccountWriter {
            tx,
            change,
            org: self.org.as_ref(),
            role: self.opts.role,
            update: flags.update,
            registration: match (self.opts.role, self.opts.approve) {
                (Role::Member, false) => Some(Registration::Pending),
                (Role::Member, true) => Some(Registration::Approved),
                _ => None,
            },
            departments: HashMap::new(),
            created: Vec::new(),
            random_passwords: self.opts.random_passwords,
            resubmitted: 0,
        };
        Ok((check, writer))
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of the role's layout), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    opts: &ImportOptions,
    rows: Vec<Vec<crate::sheet::Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = AccountImport {
        org: opts
            .org
            .as_deref()
            .map(|c| org::find(conn, c))
            .transpose()?,
        opts: opts.clone(),
        bytes: 0,
    };
    crate::import::probe::rows(conn, &importer, rows)
}

/// Imports a roster. `progress` is called now and then with (done, total)
/// in the reader's unit. `before_commit` receives the report, and the
/// passwords issued with `random_passwords`, before anything is committed:
/// it writes the credentials file, and if it fails nothing is imported.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
    before_commit: &mut dyn FnMut(&ImportReport, &Vec<Issued>) -> Result<()>,
) -> Result<(ImportReport, Vec<Issued>)> {
    // No check of the organisation's kind: a teaching hospital is a
    // training base whose staff also take CME.
    let org = match (&opts.org, opts.role) {
        (Some(_), Role::Applicant) => {
            return Err(Error::Usage(msg!(
                "报名人员(招录)不属于任何机构,导入时不加 --org;录取后成为基地的住院医师",
                "applicants (recruitment) belong to no organisation: import them without --org; admission makes them residents of a base"
            )));
        }
        (None, Role::Applicant) => None,
        (Some(code), _) => Some(org::find(conn, code)?),
        (None, _) => {
            return Err(Error::Usage(msg!(
                "请用 --org 指定账号所属的机构",
                "name the accounts' organisation with --org"
            )));
        }
    };
    let mut importer = AccountImport {
        org,
        opts: opts.clone(),
        bytes: 0,
    };
    // Every reference a new row makes is right by construction: the
    // organisation was looked up, departments and change sets are this
    // transaction's, a training record's account was just written or
    // found. SQLite checking them again costs five lookups a row.
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        progress,
        before_commit,
    );
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every account template reads its columns by the member roster's
    /// positions: each is the roster's first columns, under the same labels.
    #[test]
    fn every_account_layout_is_the_member_layouts_first_columns() {
        for layout in [&RESIDENT_LAYOUT, &TEACHER_LAYOUT, &APPLICANT_LAYOUT] {
            assert!(layout.columns.len() <= MEMBER_LAYOUT.columns.len());
            for (c, m) in layout.columns.iter().zip(MEMBER_LAYOUT.columns) {
                assert_eq!(c.label, m.label);
            }
        }
    }
}
