//! Carriers (承运商): the list the admin keeps — 顺丰, 中通, 德邦, own truck … — from
//! which the shipping screen chooses. A carrier is added by `ops::shipping::add_carrier`;
//! here it is read and edited on its form. A carrier is never deleted (its shipments
//! name it); it is taken out of use, and an inactive carrier is refused when shipping.

use super::clean::{code, required};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::ops::{audit, now_stamp, require, Actor, Error, Result, Thing};
use crate::store::shipping::CarrierRow;
use crate::store::{self, Db};

/// A carrier as typed on its form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CarrierInput {
    pub code: String,
    pub name: String,
    pub active: bool,
}

fn cleaned(input: &CarrierInput) -> Result<(String, String)> {
    Ok((
        code(&input.code, 16, FieldId::Code)?,
        required(&input.name, 64, FieldId::Name)?,
    ))
}

fn json(code: &str, name: &str, active: bool) -> serde_json::Value {
    serde_json::json!({ "code": code, "name": name, "active": active })
}

/// One carrier, active or not.
pub fn carrier(db: &Db, id: i64) -> Result<CarrierRow> {
    db.read(|c| store::carriers::by_id(c, id))?
        .ok_or_else(|| Error::NotFound {
            what: Thing::Carrier,
            key: format!("#{id}"),
        })
}

/// Renames, recodes, turns off or on a carrier. Needs the settings permission; the
/// new code must not be another carrier's. Shipments made keep naming the carrier.
pub fn update_carrier(db: &Db, actor: &Actor, id: i64, input: &CarrierInput) -> Result<()> {
    let (code, name) = cleaned(input)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditSettings)?;
        let before = store::carriers::by_id(tx, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Carrier,
            key: format!("#{id}"),
        })?;
        let name_taken = store::shipping::carrier(tx, &name)?.is_some_and(|c| c.id != id);
        if name_taken || store::carriers::id_of_code(tx, &code)?.is_some_and(|other| other != id) {
            return Err(Error::Duplicate {
                what: Thing::Carrier,
                key: code.clone(),
            });
        }
        store::carriers::update(tx, id, &code, &name, input.active)?;
        let now = now_stamp();
        audit(
            tx,
            Some(actor),
            &now,
            "carrier",
            Some(id),
            "update",
            Some(&json(&before.code, &before.name, before.active)),
            Some(&json(&code, &name, input.active)),
        )?;
        Ok(())
    })
}
