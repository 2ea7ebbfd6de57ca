//! Warehouses (仓库) and their bins (库位).

use super::clean::{code, required, text};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::ops::read::Bin;
use crate::ops::{audit, now_stamp, require, Actor, Error, Result, Thing};
use crate::store::{self, Db};

const CODE: FieldId = FieldId::Code;
const BIN_CODE: FieldId = FieldId::BinCode;
const NAME: FieldId = FieldId::Name;

/// Creates a warehouse. Needs the bin permission.
pub fn create_warehouse(db: &Db, actor: &Actor, code_in: &str, name_in: &str) -> Result<i64> {
    let code = code(code_in, 16, CODE)?;
    let name = required(name_in, 64, NAME)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditBins)?;
        if store::master::warehouse_by_code(tx, &code)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Warehouse,
                key: code.clone(),
            });
        }
        let now = now_stamp();
        let id = store::master::insert_warehouse(tx, &code, &name)?;
        // Picked goods wait in the warehouse's staging bin until they ship.
        store::picking::staging_bin(tx, id)?;
        let after = serde_json::json!({ "code": code, "name": name });
        audit(
            tx,
            Some(actor),
            &now,
            "warehouse",
            Some(id),
            "create",
            None,
            Some(&after),
        )?;
        Ok(id)
    })
}

/// Creates a bin (库位) in a warehouse. Bin codes are unique across warehouses so that
/// a scanned bin label names one place.
pub fn create_bin(
    db: &Db,
    actor: &Actor,
    warehouse_code: &str,
    code_in: &str,
    name_in: &str,
) -> Result<i64> {
    let wh = code(warehouse_code, 16, CODE)?;
    let code = code(code_in, 32, BIN_CODE)?;
    let name = text(name_in, 64, NAME)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditBins)?;
        let wh_id = store::master::warehouse_by_code(tx, &wh)?.ok_or_else(|| Error::NotFound {
            what: Thing::Warehouse,
            key: wh.clone(),
        })?;
        if store::master::bin_by_code(tx, &code)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Bin,
                key: code.clone(),
            });
        }
        let now = now_stamp();
        let id = store::master::insert_bin(tx, wh_id, &code, &name)?;
        let after = serde_json::json!({ "warehouse": wh, "code": code, "name": name });
        audit(
            tx,
            Some(actor),
            &now,
            "bin",
            Some(id),
            "create",
            None,
            Some(&after),
        )?;
        Ok(id)
    })
}

pub fn bins(db: &Db) -> Result<Vec<Bin>> {
    let rows = db.read(|c| Ok::<_, Error>(store::master::list_bins(c)?))?;
    Ok(rows.into_iter().map(Bin::from).collect())
}
