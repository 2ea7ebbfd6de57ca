//! The order detail's returns (退货): the form that opens a return of the selected line
//! from one of its settled shipments (F2 on the order), and the lines that show the
//! order's returns beside its shipments.

use ratatui::text::{Line, Span};

use crate::domain::goods::ShipmentStatus;
use crate::domain::money::Qty;
use crate::domain::returns::ReturnReason;
use crate::i18n::Lang;
use crate::ops::returns::{self, ReturnInput, ReturnLineInput, ReturnRow, Returnable};
use crate::ops::Error;
use crate::ui::form::{Choice, Field, Form};
use crate::ui::layers::{FormLayer, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{Env, Nav};

/// The reasons in the order the form offers them: the common ones first.
const REASONS: [ReturnReason; 7] = [
    ReturnReason::Quality,
    ReturnReason::Damaged,
    ReturnReason::WrongItem,
    ReturnReason::ChangedMind,
    ReturnReason::Refused,
    ReturnReason::Lost,
    ReturnReason::Other,
];

/// What one shipment can still give back of the line, as its choice says it.
fn shipment_choice(r: &Returnable) -> Choice {
    let q = |t: i64| Qty::from_db(t).to_string();
    let (zh, en) = match r.status {
        ShipmentStatus::Delivered => (
            format!("{} 已签收，可退 {}", r.shipment, q(r.delivered)),
            format!("{} delivered, {} returnable", r.shipment, q(r.delivered)),
        ),
        ShipmentStatus::PartlyReceived => (
            format!(
                "{} 部分签收，可退 {}，未签收 {}",
                r.shipment,
                q(r.delivered),
                q(r.undelivered)
            ),
            format!(
                "{} partly received: {} returnable, {} not signed for",
                r.shipment,
                q(r.delivered),
                q(r.undelivered)
            ),
        ),
        s => (
            format!(
                "{} {}，未签收 {}",
                r.shipment,
                s.label(Lang::Zh),
                q(r.undelivered)
            ),
            format!(
                "{} {}, {} not signed for",
                r.shipment,
                s.label(Lang::En).to_lowercase(),
                q(r.undelivered)
            ),
        ),
    };
    Choice::new(&r.shipment, &zh, &en)
}

/// The form of a return of order line `line_no`, or `None` when none of its shipments
/// has anything left to return (on its way, or all returned).
fn return_form(env: &mut Env, order_id: i64, line_no: i64) -> Option<Form> {
    let all = match returns::returnable(env.db, order_id) {
        Ok(v) => v,
        Err(e) => {
            env.error(&e);
            return None;
        }
    };
    let choices: Vec<Choice> = all
        .iter()
        .filter(|r| r.line_no == line_no && r.delivered + r.undelivered > 0)
        .map(shipment_choice)
        .collect();
    if choices.is_empty() {
        env.warn(crate::bi!(
            env.lang,
            "第 {} 行没有可退的货：还没有签收或登记异常的发货，或已全部退回。",
            "Line {} has nothing to return: no shipment of it is delivered or settled yet, or all came back.",
            line_no
        ));
        return None;
    }
    let reasons = REASONS
        .iter()
        .map(|r| Choice::new(r.code(), r.label(Lang::Zh), r.label(Lang::En)))
        .collect();
    Some(Form::new(vec![
        Field::choice("shipment", "发货单", "Shipment", choices),
        Field::text("qty", "退货数量", "Quantity").max(16),
        Field::choice("return_reason", "退货原因", "Reason", reasons),
        Field::text("note", "说明", "Note")
            .max(200)
            .hint("客户怎么说的", "What the customer said"),
    ]))
}

/// F2 on an order's line: the return form over the order, or `None` with why on the
/// status line (not allowed, nothing left to return).
pub(crate) fn ask(env: &mut Env, order_id: i64, line_no: i64, sku: &str) -> Option<Nav> {
    let permission = crate::domain::access::Permission::CreateOrders;
    if let Ok(false) = crate::ops::users::allowed(env.db, env.actor, permission) {
        env.error(&Error::PermissionDenied { permission });
        return None;
    }
    let form = return_form(env, order_id, line_no)?;
    // The form layer's title is fixed words: the line goes on the status line above it.
    env.ok(crate::bi!(
        env.lang,
        "退货：第 {} 行 {}",
        "Return: line {} {}",
        line_no,
        sku
    ));
    Some(Nav::Open(Box::new(FormLayer::new(
        "return",
        ("退货", "Return"),
        form,
    ))))
}

/// The form's answer: the return opened and shown, or the form kept with the refusal.
pub(crate) fn answered(
    env: &mut Env,
    customer_code: &str,
    line_no: i64,
    values: &[(&'static str, String)],
) -> Reply<Nav> {
    match open_return(env, customer_code, line_no, values) {
        Ok(number) => {
            env.ok(crate::bi!(
                env.lang,
                "已开退货单 {}：收货后冲账。",
                "Return {} opened: credited once received.",
                number
            ));
            Reply::Close(Nav::Push(Route::Return(number)))
        }
        Err(e) => {
            env.error(&e);
            Reply::Keep
        }
    }
}

/// Opens the return the form describes, for the order's customer; its number.
fn open_return(
    env: &mut Env,
    customer_code: &str,
    line_no: i64,
    values: &[(&'static str, String)],
) -> Result<String, Error> {
    let get = |k: &str| {
        values
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let reason = ReturnReason::parse(&get("return_reason")).unwrap_or(ReturnReason::Other);
    let opened = returns::open_return(
        env.db,
        env.actor,
        &ReturnInput {
            shipment: get("shipment"),
            customer: customer_code.to_string(),
            reason,
            note: get("note"),
            lines: vec![ReturnLineInput {
                line_no,
                qty: get("qty"),
            }],
        },
    )?;
    Ok(opened.number)
}

/// The order's returns, one line each, as the shipments panel lists them.
pub(crate) fn return_lines(rows: &[ReturnRow], lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    rows.iter()
        .map(|r| {
            Line::from(vec![
                Span::raw(format!("{} ", r.number)),
                Span::styled(
                    format!("{} ", r.status.label(lang)),
                    super::aftersales::status_style(r.status, theme),
                ),
                Span::raw(format!(
                    " {} {}{}",
                    r.reason.label(lang),
                    Qty::from_db(r.qty),
                    r.exchange_order_no
                        .as_deref()
                        .map(|x| crate::bi!(lang, "  换货 {}", "  exchange {}", x))
                        .unwrap_or_default()
                )),
            ])
        })
        .collect()
}
