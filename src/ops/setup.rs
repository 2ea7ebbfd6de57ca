//! Creating a new company database with its first administrator, and the company's
//! settings (公司设置): approval thresholds, prices, tax, lockout, and each user's
//! approval limit.

use super::{audit, now_stamp, require, Actor, Error, Refusal, Result};
use crate::domain::access::{Permission, Role};
use crate::domain::field::FieldId;
use crate::domain::money::{Discount, Money, PriceMode, TaxRate};
use crate::domain::text::{required_text, to_half_width};
use crate::domain::ticket::{Severity, Sla};
use crate::ops::{auth, FieldProblem};
use crate::store::{self, Db};

const COMPANY: FieldId = FieldId::CompanyName;
pub const MANAGER_LIMIT: FieldId = FieldId::ManagerLimit;
pub const MAX_DISCOUNT: FieldId = FieldId::MaxDiscount;
pub const PRICE_MODE: FieldId = FieldId::PriceMode;
pub const DEFAULT_TAX: FieldId = FieldId::DefaultTax;
pub const GRACE_DAYS: FieldId = FieldId::GraceDays;
pub const WALK_IN_CUSTOMER: FieldId = FieldId::WalkInCustomer;
pub const LOCKOUT_FAILURES: FieldId = FieldId::LockoutFailures;
pub const LOCKOUT_MINUTES: FieldId = FieldId::LockoutMinutes;
pub const APPROVAL_LIMIT: FieldId = FieldId::ApprovalLimit;
pub const CUSTOMER_CODE_PREFIX: FieldId = FieldId::CustomerCodePrefix;

/// Sets up a fresh database: the company row and the first administrator. Refused when
/// the database already has a company.
pub fn init_company(
    db: &Db,
    company: &str,
    admin_username: &str,
    admin_password: &str,
) -> Result<Actor> {
    init_company_named(db, company, admin_username, "", admin_password)
}

/// [`init_company`] with the administrator's display name (as screens and the timeline
/// name the user); an empty one is the user name.
pub fn init_company_named(
    db: &Db,
    company: &str,
    admin_username: &str,
    admin_display_name: &str,
    admin_password: &str,
) -> Result<Actor> {
    let company = required_text(company, 200, *COMPANY)
        .map_err(|e| Error::field(COMPANY, FieldProblem::Text(e)))?;
    let username = super::users::clean_username(admin_username)?;
    let display_name = if admin_display_name.trim().is_empty() {
        username.clone()
    } else {
        required_text(admin_display_name, 64, *FieldId::DisplayName)
            .map_err(|e| Error::field(FieldId::DisplayName, FieldProblem::Text(e)))?
    };
    let hash = auth::hash_password(admin_password)?;
    let id = db.write(|tx| {
        if store::master::company(tx)?.is_some() {
            return Err(Error::Duplicate {
                what: super::Thing::Company,
                key: company.clone(),
            });
        }
        let now = now_stamp();
        store::master::insert_company(tx, &company, &now)?;
        let id = store::users::insert(
            tx,
            &store::users::NewUser {
                username: &username,
                display_name: &display_name,
                password_hash: &hash,
                os_user: None,
                approval_limit_minor: 0,
                created_at: &now,
            },
        )?;
        store::users::set_roles(tx, id, &[Role::Admin.as_str()])?;
        let after = serde_json::json!({ "company": company, "admin": username });
        audit(
            tx,
            None,
            &now,
            "company",
            Some(1),
            "init",
            None,
            Some(&after),
        )?;
        Ok(id)
    })?;
    Ok(Actor::new(id, username, display_name, vec![Role::Admin]))
}

/// The company's name, as the screens' header shows it.
pub fn company_name(db: &Db) -> Result<String> {
    Ok(db
        .read(store::master::company)?
        .map(|c| c.name)
        .unwrap_or_default())
}

/// Whether `demo` built this database: its login screen names the demo users.
pub fn is_demo(db: &Db) -> Result<bool> {
    Ok(db.read(store::company::is_demo)?)
}

/// Whether the scan screens ring the terminal's bell on an error.
pub fn error_bell(db: &Db) -> Result<bool> {
    Ok(db.read(store::company::error_bell)?)
}

/// One user's approval limit (审批额度): orders above it wait for a manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserLimit {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub limit: Money,
    /// The user record's version, for the lost-update check.
    pub version: i64,
}

/// The company's settings as the settings screen shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanySettings {
    /// The company record's version, for the lost-update check.
    pub version: i64,
    /// Orders above it need a manager whose own limit covers them (高层审批).
    pub manager_limit: Money,
    /// Line discounts above it wait for a manager.
    pub max_discount: Discount,
    /// Whether prices include tax; new orders take it, saved orders keep theirs.
    pub price_mode: PriceMode,
    pub default_tax: TaxRate,
    /// Days an invoice may be overdue before new orders wait for finance.
    pub grace_days: i64,
    pub lockout_failures: i64,
    pub lockout_minutes: i64,
    /// The prefix of customer codes numbered when left empty (C → C00001).
    pub customer_code_prefix: String,
    /// The scan screens ring the terminal's bell on an error, for staff who scan
    /// without looking at the screen.
    pub error_bell: bool,
    /// The code of the walk-in customer (散客) counter sales go to; empty: none set.
    pub walk_in_customer: String,
    /// The active users' approval limits, by user name.
    pub limits: Vec<UserLimit>,
    /// The promised response and resolution times of tickets by severity (客诉时限),
    /// most severe first.
    pub ticket_slas: Vec<(Severity, Sla)>,
}

/// The settings as typed: every value a text, checked by [`update_settings`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsInput {
    pub manager_limit: String,
    /// Percent, e.g. `10`.
    pub max_discount: String,
    /// `inclusive` or `exclusive`.
    pub price_mode: String,
    /// Percent, e.g. `13`.
    pub default_tax: String,
    pub grace_days: String,
    pub lockout_failures: String,
    pub lockout_minutes: String,
    pub customer_code_prefix: String,
    pub error_bell: bool,
    /// The walk-in customer's code; empty: none.
    pub walk_in_customer: String,
    /// Users' approval limits as typed. Users left out, or typed with their current
    /// limit, are not changed.
    pub limits: Vec<LimitInput>,
    /// Tickets' promised hours by severity as typed (`response/resolution`, e.g. `4/48`);
    /// severities left out are not changed.
    pub ticket_slas: Vec<(Severity, String)>,
}

/// One user's approval limit as typed, with the user's version when the form was opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LimitInput {
    pub user_id: i64,
    pub version: i64,
    pub limit: String,
}

impl SettingsInput {
    /// The form filled with the settings as they are.
    pub fn from_settings(s: &CompanySettings) -> SettingsInput {
        SettingsInput {
            manager_limit: s.manager_limit.plain(),
            max_discount: percent_text(s.max_discount.to_bp()),
            price_mode: s.price_mode.as_str().to_string(),
            default_tax: percent_text(s.default_tax.to_bp()),
            grace_days: s.grace_days.to_string(),
            lockout_failures: s.lockout_failures.to_string(),
            lockout_minutes: s.lockout_minutes.to_string(),
            customer_code_prefix: s.customer_code_prefix.clone(),
            error_bell: s.error_bell,
            walk_in_customer: s.walk_in_customer.clone(),
            limits: s
                .limits
                .iter()
                .map(|l| LimitInput {
                    user_id: l.user_id,
                    version: l.version,
                    limit: l.limit.plain(),
                })
                .collect(),
            ticket_slas: s
                .ticket_slas
                .iter()
                .map(|(sev, sla)| (*sev, sla.text()))
                .collect(),
        }
    }
}

/// Basis points written as a percent without the sign: `10`, `6.5`.
fn percent_text(bp: i64) -> String {
    let whole = bp / 100;
    match bp % 100 {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

fn corrupt(what: &str) -> Error {
    Error::Store(store::StoreError::Corrupt(what.to_string()))
}

/// The company's settings and the users' approval limits, read in one snapshot.
pub fn company_settings(db: &Db) -> Result<CompanySettings> {
    db.read_snapshot(|c| {
        let s = store::settings::settings(c)?.ok_or(Error::NotFound {
            what: super::Thing::Company,
            key: "1".into(),
        })?;
        let limits = store::settings::approval_limits(c)?
            .into_iter()
            .map(|l| UserLimit {
                user_id: l.user_id,
                username: l.username,
                display_name: l.display_name,
                limit: Money::from_minor(l.approval_limit_minor),
                version: l.version,
            })
            .collect();
        Ok(CompanySettings {
            version: s.version,
            manager_limit: Money::from_minor(s.manager_limit_minor),
            max_discount: Discount::from_bp(s.max_discount_bp)
                .map_err(|_| corrupt("company max_discount_bp"))?,
            price_mode: PriceMode::parse(&s.price_mode)
                .ok_or_else(|| corrupt("company price_mode"))?,
            default_tax: TaxRate::from_bp(s.default_tax_bp)
                .map_err(|_| corrupt("company default_tax_bp"))?,
            grace_days: s.grace_days,
            lockout_failures: s.lockout_failures,
            lockout_minutes: s.lockout_minutes,
            customer_code_prefix: store::company::customer_code_prefix(c)?,
            error_bell: store::company::error_bell(c)?,
            walk_in_customer: super::cash::counter::walk_in_customer_in(c)?.unwrap_or_default(),
            limits,
            ticket_slas: super::tickets::slas_in(c)?,
        })
    })
}

/// A whole number from `min` to `max` (the table's CHECK), typed in half- or full-width
/// digits.
fn whole_number(input: &str, field: FieldId, min: i64, max: i64) -> Result<i64> {
    let t = to_half_width(input.trim());
    match t.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Error::field_refused(
            field,
            Refusal::NotWholeNumberIn {
                text: t.clone(),
                min,
                max,
            },
        )),
    }
}

/// The checked values, as stored.
struct CleanSettings {
    row: store::settings::SettingsRow,
    /// (user id, version opened, limit in fen).
    limits: Vec<(i64, i64, i64)>,
    customer_code_prefix: String,
    ticket_slas: Vec<(Severity, Sla)>,
}

fn clean_settings(input: &SettingsInput) -> Result<CleanSettings> {
    let manager_limit = Money::parse(&input.manager_limit)
        .map_err(|e| Error::field(MANAGER_LIMIT, FieldProblem::Number(e)))?;
    let max_discount = Discount::parse(&input.max_discount)
        .map_err(|e| Error::field(MAX_DISCOUNT, FieldProblem::Number(e)))?;
    let price_mode = PriceMode::parse(&input.price_mode)
        .ok_or_else(|| Error::field_refused(PRICE_MODE, Refusal::PriceModeRequired))?;
    let default_tax = TaxRate::parse(&input.default_tax)
        .map_err(|e| Error::field(DEFAULT_TAX, FieldProblem::Number(e)))?;
    let grace_days = whole_number(&input.grace_days, GRACE_DAYS, 0, 365)?;
    let lockout_failures = whole_number(&input.lockout_failures, LOCKOUT_FAILURES, 1, 100)?;
    let lockout_minutes = whole_number(&input.lockout_minutes, LOCKOUT_MINUTES, 1, 1440)?;
    let prefix = crate::domain::text::clean_code(&input.customer_code_prefix, 8)
        .map_err(|e| Error::field(CUSTOMER_CODE_PREFIX, FieldProblem::Text(e)))?;
    if prefix.is_empty() {
        return Err(Error::field_refused(CUSTOMER_CODE_PREFIX, Refusal::Empty));
    }
    let mut limits = Vec::with_capacity(input.limits.len());
    for l in &input.limits {
        let m = Money::parse(&l.limit)
            .map_err(|e| Error::field(APPROVAL_LIMIT, FieldProblem::Number(e)))?;
        limits.push((l.user_id, l.version, m.minor()));
    }
    Ok(CleanSettings {
        row: store::settings::SettingsRow {
            version: 0,
            manager_limit_minor: manager_limit.minor(),
            max_discount_bp: max_discount.to_bp(),
            price_mode: price_mode.as_str().to_string(),
            default_tax_bp: default_tax.to_bp(),
            grace_days,
            lockout_failures,
            lockout_minutes,
        },
        limits,
        customer_code_prefix: prefix,
        ticket_slas: super::tickets::parse_slas(&input.ticket_slas)?,
    })
}

fn settings_json(s: &store::settings::SettingsRow) -> serde_json::Value {
    serde_json::json!({
        "manager_limit_minor": s.manager_limit_minor, "max_discount_bp": s.max_discount_bp,
        "price_mode": s.price_mode, "default_tax_bp": s.default_tax_bp,
        "grace_days": s.grace_days, "lockout_failures": s.lockout_failures,
        "lockout_minutes": s.lockout_minutes,
    })
}

/// Saves the settings opened at `version`, and the users' approval limits that changed,
/// in one transaction. Needs the settings permission, and the user-management one when
/// a user's limit changes. Every value is checked first (nothing is saved if one is
/// wrong); a change by someone else since `version` is refused. Returns the new version.
pub fn update_settings(db: &Db, actor: &Actor, version: i64, input: &SettingsInput) -> Result<i64> {
    let clean = clean_settings(input)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditSettings)?;
        let before = store::settings::settings(tx)?.ok_or(Error::NotFound {
            what: super::Thing::Company,
            key: "1".into(),
        })?;
        if before.version != version {
            return Err(super::conflict(tx, "company", 1, "")?);
        }
        let now = now_stamp();
        let row = store::settings::SettingsRow {
            version,
            ..clean.row.clone()
        };
        if row != before {
            if !store::settings::update_settings(tx, &row)? {
                return Err(super::conflict(tx, "company", 1, "")?);
            }
            audit(
                tx,
                Some(actor),
                &now,
                "company",
                Some(1),
                "update_settings",
                Some(&settings_json(&before)),
                Some(&settings_json(&row)),
            )?;
        }
        let prefix_before = store::company::customer_code_prefix(tx)?;
        if prefix_before != clean.customer_code_prefix {
            store::company::set_customer_code_prefix(tx, &clean.customer_code_prefix)?;
            audit(
                tx,
                Some(actor),
                &now,
                "company",
                Some(1),
                "set_customer_code_prefix",
                Some(&serde_json::json!({ "customer_code_prefix": prefix_before })),
                Some(&serde_json::json!({ "customer_code_prefix": clean.customer_code_prefix })),
            )?;
        }
        let bell_before = store::company::error_bell(tx)?;
        if bell_before != input.error_bell {
            store::company::set_error_bell(tx, input.error_bell)?;
            audit(
                tx,
                Some(actor),
                &now,
                "company",
                Some(1),
                "set_error_bell",
                Some(&serde_json::json!({ "error_bell": bell_before })),
                Some(&serde_json::json!({ "error_bell": input.error_bell })),
            )?;
        }
        super::tickets::save_slas_in(tx, actor, &clean.ticket_slas)?;
        super::cash::counter::set_walk_in_in(tx, actor, &input.walk_in_customer)?;
        let current = store::settings::approval_limits(tx)?;
        for (user_id, opened, limit) in &clean.limits {
            let Some(u) = current.iter().find(|u| u.user_id == *user_id) else {
                return Err(Error::NotFound {
                    what: super::Thing::User,
                    key: format!("#{user_id}"),
                });
            };
            if u.approval_limit_minor == *limit {
                continue;
            }
            require(tx, actor, Permission::ManageUsers)?;
            if u.version != *opened
                || !store::settings::set_approval_limit(tx, u.user_id, u.version, *limit)?
            {
                return Err(super::conflict(tx, "user", u.user_id, "")?);
            }
            audit(
                tx,
                Some(actor),
                &now,
                "user",
                Some(u.user_id),
                "set_approval_limit",
                Some(&serde_json::json!({ "approval_limit_minor": u.approval_limit_minor })),
                Some(&serde_json::json!({ "approval_limit_minor": limit })),
            )?;
        }
        Ok(if row != before { version + 1 } else { version })
    })
}
