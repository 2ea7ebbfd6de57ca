//! The carriers the admin keeps (承运商): one by id, renamed, recoded, turned off or on.
//! The list and the look-up by code or name that shipping uses are in `shipping`.

use rusqlite::{params, Connection};

use super::shipping::CarrierRow;
use super::{optional, Result};

pub fn by_id(c: &Connection, id: i64) -> Result<Option<CarrierRow>> {
    Ok(optional(
        c.prepare_cached("SELECT id, code, name, active FROM carriers WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(CarrierRow {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    active: r.get(3)?,
                })
            }),
    )?)
}

/// The id of the carrier with exactly this code, if any.
pub fn id_of_code(c: &Connection, code: &str) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached("SELECT id FROM carriers WHERE upper(code) = upper(?1)")?
            .query_row([code], |r| r.get(0)),
    )?)
}

pub fn update(c: &Connection, id: i64, code: &str, name: &str, active: bool) -> Result<()> {
    c.prepare_cached("UPDATE carriers SET code = ?2, name = ?3, active = ?4 WHERE id = ?1")?
        .execute(params![id, code, name, active])?;
    Ok(())
}
