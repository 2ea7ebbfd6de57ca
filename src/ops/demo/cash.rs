//! The demo's cash flow: deposits for the orders on payment before shipping that the
//! warehouse ships, so that the goods flow can run as it does for real.

use crate::domain::terms::PaymentTerms;
use crate::ops::cash::{self, Allocation, PaymentInput, PaymentMethod};
use crate::ops::{picking, Actor, Result};
use crate::store::{self, Db};

/// Takes the full amount as a deposit (订金, bank transfer) for each of the next `n`
/// orders waiting to be picked whose terms are payment before shipping (款到发货).
pub(super) fn deposits_for_prepaid_orders(db: &Db, finance: &Actor, n: i64) -> Result<()> {
    for o in picking::orders_to_pick(db, n)? {
        let row = db.read(|c| store::orders::by_number(c, &o.number))?;
        let Some(row) = row else { continue };
        let prepaid = PaymentTerms::parse_code(&row.terms)
            .map(|t| t.requires_prepayment())
            .unwrap_or(false);
        if !prepaid {
            continue;
        }
        let code = db
            .read(|c| store::customers::by_id(c, row.customer_id))?
            .map(|c| c.code)
            .unwrap_or_default();
        let mut input = PaymentInput::new(&code, PaymentMethod::Bank, &row.gross.plain());
        input.order = o.number.clone();
        input.reference = format!("DEP-{}", o.number);
        input.allocation = Allocation::None;
        cash::record_payment(db, finance, &input)?;
    }
    Ok(())
}
