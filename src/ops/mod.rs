//! Use cases. Each public function that writes is one transaction: it checks the
//! actor's permission inside that transaction, validates, writes, and writes the audit
//! row, all or nothing. Read functions are the query side the UI and CLI use.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::bi;
use crate::domain::access::{Permission, Role};
use crate::domain::field::FieldId;
use crate::domain::money::AmountError;
use crate::i18n::{Lang, Localized};
use crate::store::{self, Retryable, StoreError};

pub use refusal::{FieldProblem, Refusal};
/// The open database file every use case works on.
pub use store::Db;

pub mod approval;
pub mod auth;
pub mod cash;
pub mod check;
pub mod clock;
pub mod count;
pub(crate) mod credit;
pub mod demo;
pub mod export;
pub mod figures;
pub mod find;
pub mod import;
pub mod intake;
pub mod ledger;
pub(crate) mod lifecycle;
pub mod master;
mod numbers;
pub mod orders;
pub mod packing;
pub mod picking;
pub mod read;
pub mod refusal;
pub(crate) mod reservation;
pub mod returns;
pub mod setup;
pub mod shipping;
pub mod shortage;
pub mod stock;
pub mod tickets;
pub mod transfer;
pub mod users;
pub mod warehouse;

/// The kinds of record an error can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    Company,
    User,
    Role,
    Customer,
    Product,
    Barcode,
    Sku,
    Warehouse,
    Bin,
    Lot,
    Order,
    PickList,
    Shipment,
    Carrier,
    Invoice,
    Payment,
    Return,
    Ticket,
    PurchaseRequest,
}

impl Thing {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Thing::Company => lang.pick("公司", "company"),
            Thing::User => lang.pick("用户", "user"),
            Thing::Role => lang.pick("角色", "role"),
            Thing::Customer => lang.pick("客户", "customer"),
            Thing::Product => lang.pick("商品", "product"),
            Thing::Barcode => lang.pick("条码", "barcode"),
            Thing::Sku => lang.pick("货号", "SKU"),
            Thing::Warehouse => lang.pick("仓库", "warehouse"),
            Thing::Bin => lang.pick("库位", "bin"),
            Thing::Lot => lang.pick("批次", "lot"),
            Thing::Order => lang.pick("订单", "order"),
            Thing::PickList => lang.pick("拣货单", "pick list"),
            Thing::Shipment => lang.pick("发货单", "shipment"),
            Thing::Carrier => lang.pick("承运商", "carrier"),
            Thing::Invoice => lang.pick("发票", "invoice"),
            Thing::Payment => lang.pick("收款单", "receipt"),
            Thing::Return => lang.pick("退货单", "return"),
            Thing::Ticket => lang.pick("客诉单", "ticket"),
            Thing::PurchaseRequest => lang.pick("请购单", "purchase request"),
        }
    }
}

/// Errors of the use cases. Every one a user can cause has a message in both languages
/// that says what to do; when one is returned, nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}: {}", field.en, problem.localized(Lang::En))]
    Field {
        field: FieldId,
        problem: FieldProblem,
    },
    #[error("permission denied: you may not {}", permission.label(Lang::En))]
    PermissionDenied { permission: Permission },
    #[error("wrong user name or password")]
    LoginFailed,
    #[error("the account is disabled")]
    AccountDisabled,
    #[error("{} {key} not found", what.label(Lang::En))]
    NotFound { what: Thing, key: String },
    #[error("{} {key} already exists", what.label(Lang::En))]
    Duplicate { what: Thing, key: String },
    #[error("changed by {} at {at} since you opened it", by.as_deref().unwrap_or("another user"))]
    Conflict { by: Option<String>, at: String },
    #[error("{}", .0.localized(Lang::En))]
    Refused(Refusal),
    /// Reading or writing a file or the terminal failed.
    #[error("input/output failed: {detail}")]
    Io { detail: String },
    #[error(transparent)]
    Amount(#[from] AmountError),
}

impl Error {
    pub(crate) fn field(field: FieldId, problem: FieldProblem) -> Error {
        Error::Field { field, problem }
    }

    /// A refusal about one field, so that a form can focus it.
    pub(crate) fn field_refused(field: FieldId, refusal: Refusal) -> Error {
        Error::field(field, FieldProblem::Refused(refusal))
    }

    /// Whether the database was busy (another writer held it past the deadline): worth
    /// trying again by itself, as the lists do on their next refresh.
    pub fn is_busy(&self) -> bool {
        matches!(self, Error::Store(e) if e.is_busy())
    }

    /// The refusal behind this error, if it is one (about a field or not).
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Error::Refused(r)
            | Error::Field {
                problem: FieldProblem::Refused(r),
                ..
            } => Some(r),
            _ => None,
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::Refused(r)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io {
            detail: e.to_string(),
        }
    }
}

impl Retryable for Error {
    fn is_busy(&self) -> bool {
        Error::is_busy(self)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::from(e))
    }
}

impl Localized for Error {
    fn localized(&self, lang: Lang) -> String {
        match self {
            Error::Store(e) => e.localized(lang),
            Error::Field { field, problem } => {
                bi!(
                    lang,
                    "{}：{}",
                    "{}: {}",
                    lang.pick(field.zh, field.en),
                    problem.localized(lang)
                )
            }
            Error::PermissionDenied { permission } => bi!(
                lang,
                "权限不足：您没有“{}”的权限，请联系管理员。未做任何修改。",
                "Permission denied: you may not {}. Ask an administrator. Nothing was changed.",
                permission.label(lang)
            ),
            Error::LoginFailed => bi!(
                lang,
                "用户名或密码错误（连续输错多次后账户会暂时锁定）。",
                "Wrong user name or password, or locked after repeated failures."
            ),
            Error::AccountDisabled => bi!(
                lang,
                "该账户已停用，请联系管理员。",
                "This account is disabled. Ask an administrator."
            ),
            Error::NotFound { what, key } => bi!(
                lang,
                "找不到{}“{}”。",
                "No {} \"{}\" was found.",
                what.label(lang),
                crate::domain::text::shown(key)
            ),
            Error::Duplicate { what, key } => bi!(
                lang,
                "{}“{}”已存在，请换一个。未做任何修改。",
                "The {} \"{}\" already exists; choose another. Nothing was changed.",
                what.label(lang),
                crate::domain::text::shown(key)
            ),
            Error::Conflict { by, at } => {
                let by = by
                    .as_deref()
                    .unwrap_or_else(|| lang.pick("其他用户", "Another user"));
                bi!(
                    lang,
                    "您打开后，{} 已于 {} 修改了这条记录。请重新打开后再改，您的修改未保存。",
                    "{} changed this record at {} after you opened it. Reopen it and edit again; your change was not saved.",
                    by,
                    at
                )
            }
            Error::Refused(r) => r.localized(lang),
            Error::Io { detail } => bi!(lang, "读写失败：{}", "Input/output failed: {}", detail),
            Error::Amount(e) => e.localized(lang),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Who performs an operation. Only `ops::auth` makes one, after checking a password or
/// an operating-system mapping; every op re-checks the permission in its transaction.
#[derive(Debug, Clone)]
pub struct Actor {
    id: i64,
    username: String,
    display_name: String,
    roles: Vec<Role>,
}

impl Actor {
    pub(crate) fn new(id: i64, username: String, display_name: String, roles: Vec<Role>) -> Actor {
        Actor {
            id,
            username,
            display_name,
            roles,
        }
    }

    pub fn id(&self) -> i64 {
        self.id
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// The roles as of login; for display. Permission decisions read the database.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.username)
    }
}

/// Refuses unless the actor, still active, holds `permission` as of this transaction.
pub(crate) fn require(c: &Connection, actor: &Actor, permission: Permission) -> Result<()> {
    if store::users::has_permission(c, actor.id, permission.code())? {
        Ok(())
    } else {
        Err(Error::PermissionDenied { permission })
    }
}

/// Writes the audit row of a change, in the caller's transaction. The arguments are the
/// columns of the row, which is why there are so many.
#[allow(clippy::too_many_arguments)]
pub(crate) fn audit(
    c: &Connection,
    actor: Option<&Actor>,
    at: &str,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    let before = before.map(|v| v.to_string());
    let after = after.map(|v| v.to_string());
    store::audit::record(
        c,
        &store::audit::AuditRow {
            at,
            actor_id: actor.map(|a| a.id),
            entity,
            entity_id,
            action,
            before: before.as_deref(),
            after: after.as_deref(),
        },
    )?;
    Ok(())
}

/// Builds the "changed by whom, when" error from the newest audit row of a record.
pub(crate) fn conflict(
    c: &rusqlite::Connection,
    entity: &str,
    id: i64,
    fallback_at: &str,
) -> Result<Error> {
    let last = store::audit::for_entity(c, entity, id, 1)?
        .into_iter()
        .next();
    let (by, at) = match last {
        Some(e) => {
            let by = match e.actor_id {
                Some(uid) => store::users::by_id(c, uid)?.map(|u| u.display_name),
                None => None,
            };
            (by, e.at)
        }
        None => (None, fallback_at.to_string()),
    };
    Ok(Error::Conflict {
        by,
        at: clock::company_text_of(&at, clock::company_offset(c)?, clock::Shown::Second),
    })
}

/// The instant of an operation as stored: RFC 3339 in UTC with milliseconds.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Now, as stored.
pub fn now_stamp() -> String {
    stamp(clock::now())
}

/// The company's business date of an instant (the company's UTC offset; China has no
/// daylight saving time).
pub fn business_date(t: DateTime<Utc>, utc_offset_minutes: i64) -> NaiveDate {
    t.with_timezone(&clock::company_zone(utc_offset_minutes))
        .date_naive()
}

/// A date as typed on `today` (`2026-12-31`, `12/31`, `+3`, 明天, …; see
/// [`crate::domain::date`]), or `None` when the field is empty; anything else is refused
/// naming `field`.
pub fn optional_date(input: &str, field: FieldId, today: NaiveDate) -> Result<Option<NaiveDate>> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    crate::domain::date::parse_typed_date(s, today)
        .map(Some)
        .ok_or_else(|| {
            Error::field_refused(
                field,
                Refusal::NotADate {
                    text: s.to_string(),
                },
            )
        })
}

/// Today in the company's time zone.
pub fn today(db: &store::Db) -> Result<NaiveDate> {
    db.read(company_today)
}

/// A date typed in a form, read on the company's today: a form shows back the date it
/// understood.
pub fn typed_date(db: &store::Db, input: &str, field: FieldId) -> Result<Option<NaiveDate>> {
    optional_date(input, field, today(db)?)
}

/// Today in the company's time zone, read in the caller's transaction.
pub(crate) fn company_today(c: &Connection) -> Result<NaiveDate> {
    Ok(business_date(clock::now(), clock::company_offset(c)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn business_date_uses_the_company_offset() {
        let t = Utc.with_ymd_and_hms(2026, 3, 31, 17, 30, 0).unwrap();
        assert_eq!(business_date(t, 480).to_string(), "2026-04-01");
        assert_eq!(business_date(t, 0).to_string(), "2026-03-31");
    }

    #[test]
    fn stamps_are_utc_with_millis() {
        let t = Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap();
        assert_eq!(stamp(t), "2026-11-28T08:00:00.000Z");
    }

    #[test]
    fn a_refusal_is_found_by_its_variant_with_or_without_a_field() {
        let on_field = Error::field_refused(FieldId::Reason, Refusal::ReasonRequired);
        assert_eq!(on_field.refusal(), Some(&Refusal::ReasonRequired));
        let bare = Error::from(Refusal::OwnOrder);
        assert_eq!(bare.refusal(), Some(&Refusal::OwnOrder));
        assert_eq!(Error::LoginFailed.refusal(), None);
        assert_eq!(
            on_field.localized(Lang::En),
            "Reason: a reason is required",
            "the field's name, then the refusal's words"
        );
        assert_eq!(on_field.localized(Lang::Zh), "原因：必须写明原因");
    }

    #[test]
    fn every_error_speaks_both_languages() {
        let e = Error::PermissionDenied {
            permission: Permission::CreateOrders,
        };
        assert!(e.localized(Lang::Zh).contains("录入订单"));
        assert!(e.localized(Lang::En).contains("create orders"));
    }
}
