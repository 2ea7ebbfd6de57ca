//! The screenshots of returns and exchanges (退货 / 换货).

use crossterm::event::KeyCode;

use super::{key, keys, menu, script, shot, text, Data, Shot};
use crate::domain::returns::ReturnStatus;
use crate::ops::{self, Db};

/// What these shots need from the demo data: returns partly received (with its first
/// SKU), received and credited, the order of the open return (its line has more to
/// return) and the order of the refused shipment settled.
#[derive(Debug, Clone, Default)]
pub(super) struct Returns {
    partly: String,
    partly_sku: String,
    received: String,
    credited: String,
    open_order: String,
    refused_order: String,
}

pub(super) fn data(db: &Db) -> Result<Returns, ops::Error> {
    let all = ops::returns::returns_page(db, None, i64::MAX, 100)?;
    let first = |s: ReturnStatus| all.iter().find(|r| r.status == s).cloned();
    let partly = first(ReturnStatus::PartlyReceived);
    let partly_sku = match &partly {
        Some(r) => ops::returns::return_view(db, &r.number)?
            .lines
            .into_iter()
            .next()
            .map(|l| l.sku)
            .unwrap_or_default(),
        None => String::new(),
    };
    let number = |r: Option<ops::returns::ReturnRow>| r.map(|r| r.number).unwrap_or_default();
    Ok(Returns {
        partly: number(partly),
        partly_sku,
        received: number(first(ReturnStatus::Received)),
        credited: number(first(ReturnStatus::Credited)),
        open_order: first(ReturnStatus::Open)
            .and_then(|r| r.order_no)
            .unwrap_or_default(),
        refused_order: all
            .iter()
            .find(|r| r.undelivered)
            .and_then(|r| r.order_no.clone())
            .unwrap_or_default(),
    })
}

pub(super) fn shots(d: &Data) -> Vec<Shot> {
    use KeyCode::{Enter, Right, F};
    // Where each screen is in the menu of the user the shot logs in as.
    const RETURNS: usize = 11; // finance
    const RETURN_RECEIVING: usize = 18; // warehouse
    let r = &d.returns;
    let find = |t: &str| vec![text(t), key(Enter)];
    vec![
        shot("returns", 80, 24, script("finance", vec![menu(RETURNS)])),
        shot(
            "returns-wide",
            160,
            40,
            script("finance", vec![menu(RETURNS)]),
        ),
        shot(
            "return",
            80,
            24,
            script("finance", vec![menu(RETURNS), find(&r.credited)]),
        ),
        shot(
            "return-wide",
            160,
            40,
            script("finance", vec![menu(RETURNS), find(&r.partly)]),
        ),
        shot(
            "return-credit",
            80,
            24,
            script(
                "finance",
                vec![menu(RETURNS), find(&r.received), keys(&[F(5), Right])],
            ),
        ),
        shot(
            "return-receiving",
            80,
            24,
            script(
                "warehouse",
                vec![menu(RETURN_RECEIVING), find(&r.partly), keys(&[F(6)])],
            ),
        ),
        shot(
            "return-receiving-wide",
            160,
            40,
            script(
                "warehouse",
                vec![menu(RETURN_RECEIVING), find(&r.partly), find(&r.partly_sku)],
            ),
        ),
        shot(
            "order-returns",
            80,
            24,
            script("sales", vec![find(&r.refused_order)]),
        ),
        shot(
            "order-return-form",
            80,
            24,
            script("sales", vec![find(&r.open_order), keys(&[F(2)])]),
        ),
    ]
}
