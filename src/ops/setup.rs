//! Creating a new company database with its first administrator.

use super::{audit, now_stamp, Actor, Error, Result};
use crate::domain::access::Role;
use crate::domain::text::{required_text, FieldName};
use crate::ops::{auth, FieldProblem};
use crate::store::{self, Db};

const COMPANY: FieldName = FieldName::new("公司名称", "Company name");

/// Sets up a fresh database: the company row and the first administrator. Refused when
/// the database already has a company.
pub fn init_company(
    db: &Db,
    company: &str,
    admin_username: &str,
    admin_password: &str,
) -> Result<Actor> {
    let company = required_text(company, 200, COMPANY)
        .map_err(|e| Error::field(COMPANY, FieldProblem::Text(e)))?;
    let username = super::users::clean_username(admin_username)?;
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
                display_name: &username,
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
    Ok(Actor::new(
        id,
        username.clone(),
        username,
        vec![Role::Admin],
    ))
}

/// The company's name, as the screens' header shows it.
pub fn company_name(db: &Db) -> Result<String> {
    Ok(db
        .read(store::master::company)?
        .map(|c| c.name)
        .unwrap_or_default())
}
