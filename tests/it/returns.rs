//! Returns and exchanges (退货 / 换货) through `ops`: goods back sellable, in quarantine
//! or scrapped with the stock and the journal they move; the credit note with a refund
//! or a prepayment; goods returned before they were invoiced; refused and lost shipments
//! settled; an exchange through the approval rules; a GS1 label's lot and count. The
//! refusals and `check`'s tamper tests are in `returns_refused`.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use orderdesk::domain::returns::{Condition, ReturnReason, ReturnStatus, Settlement};
use orderdesk::ops::cash::{self, PaymentInput, PaymentMethod};
use orderdesk::ops::intake::Outcome;
use orderdesk::ops::returns::{self, CreditInput, ReceiveInput, ReturnInput, ReturnLineInput};
use orderdesk::ops::shipping::{self, ExceptionKind};
use orderdesk::ops::{self, Refusal};
use orderdesk::store::{self, Db};

use crate::cash::{approve, balance, clean, order_id, refusal, shipped_order};
use crate::world::*;

pub fn input(shipment: &str, reason: ReturnReason, qty: &str) -> ReturnInput {
    ReturnInput {
        shipment: shipment.into(),
        customer: String::new(),
        reason,
        note: "客户反映".into(),
        lines: vec![ReturnLineInput {
            line_no: 1,
            qty: qty.into(),
        }],
    }
}

pub fn open(w: &World, shipment: &str, reason: ReturnReason, qty: &str) -> String {
    returns::open_return(&w.db, &w.sales, &input(shipment, reason, qty))
        .expect("open the return")
        .number
}

pub fn receive(w: &World, rma: &str, qty: &str, condition: Condition) -> returns::Received {
    returns::receive(
        &w.db,
        &w.warehouse,
        rma,
        &ReceiveInput {
            qty: qty.into(),
            ..ReceiveInput::scan(PLAIN_EAN, condition)
        },
    )
    .expect("receive")
}

pub fn pay_all(w: &World, customer: &str, amount: &str) -> cash::Recorded {
    cash::record_payment(
        &w.db,
        &w.finance,
        &PaymentInput::new(customer, PaymentMethod::Bank, amount),
    )
    .expect("payment")
}

pub fn held(db: &Db, product_id: i64) -> store::stock::ProductStock {
    store::stock::product_stock(db.conn(), product_id).unwrap()
}

/// A customer's kept credit exposure (信用占用): open AR and what approved orders leave
/// uninvoiced.
pub fn exposure(db: &Db, code: &str) -> store::credit::ExposureRow {
    let id = store::customers::by_code(db.conn(), code)
        .unwrap()
        .unwrap()
        .id;
    store::credit::exposure(db.conn(), id).unwrap()
}

pub fn status(db: &Db, rma: &str) -> ReturnStatus {
    returns::return_view(db, rma).unwrap().head.status
}

/// A delivered, invoiced and paid order of 10 bolts at 11.30 (cost 2.00) for a customer
/// on 30 days: (customer, order, shipment, invoice).
pub fn delivered_paid(w: &World) -> (String, String, String, String) {
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "2.00");
    let cu = w
        .customer("退货客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, sh) = shipped_order(w, &cu, "10", "11.30");
    shipping::deliver(&w.db, &w.warehouse, &sh, "刘经理", "").unwrap();
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0)
        .number;
    pay_all(w, &cu, "113");
    (cu, so, sh, inv)
}

#[test]
fn goods_come_back_sellable_and_in_quarantine_and_the_credit_note_pays_back() {
    let w = world();
    let (cu, so, sh, inv) = delivered_paid(&w);
    let stock_before = balance(&w.db, "1405");
    let cogs_before = balance(&w.db, "6401");
    let rma = open(&w, &sh, ReturnReason::Quality, "3");
    assert!(rma.starts_with("RMA-"), "{rma}");
    assert_eq!(status(&w.db, &rma), ReturnStatus::Open);
    let order = ops::orders::order_detail(&w.db, order_id(&w.db, &so)).unwrap();
    assert_eq!(order.lines[0].returned.to_db(), 3_000);

    // Two scans back for sale into the bin they were picked from, one into quarantine.
    let first = returns::receive(
        &w.db,
        &w.warehouse,
        &rma,
        &ReceiveInput::scan(PLAIN_EAN, Condition::Sellable),
    )
    .unwrap();
    assert_eq!(first.added, 1_000);
    assert_eq!(first.bin.as_deref(), Some(BIN_A));
    assert_eq!(first.status, ReturnStatus::PartlyReceived);
    receive(&w, &rma, "", Condition::Sellable);
    let last = receive(&w, &rma, "1", Condition::Quarantine);
    assert_eq!(last.bin.as_deref(), Some("QUA-WH1"));
    assert_eq!((last.status, last.left), (ReturnStatus::Received, 0));
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "QUA-WH1"), 1_000);
    assert_eq!(
        bin_on_hand(&w.db, w.plain_id, "RET-WH1"),
        0,
        "the return bin passes the goods on"
    );
    let st = held(&w.db, w.plain_id);
    assert_eq!((st.on_hand, st.held), (43_000, 1_000));
    assert_eq!(st.available(), 42_000, "quarantined goods are not for sale");
    // Goods back at the cost they left at: out of cost of goods sold into stock.
    assert_eq!(balance(&w.db, "1405"), stock_before + 6_00);
    assert_eq!(balance(&w.db, "6401"), cogs_before - 6_00);
    clean(&w.db);

    // The invoice was paid: the credit note gives the money back, paid back by refund.
    let bank_before = balance(&w.db, "1002");
    let done = returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput::full(Settlement::Refund),
    )
    .unwrap();
    assert_eq!(done.credit.minor(), 33_90);
    assert_eq!(
        (done.to_receivable.minor(), done.repaid.minor()),
        (0, 33_90)
    );
    assert_eq!(done.refunded.minor(), 33_90);
    assert_eq!(done.prepaid.minor(), 0);
    assert_eq!(done.refunds.len(), 1);
    let cn = cash::invoice(&w.db, done.credit_note.as_deref().unwrap()).unwrap();
    assert_eq!(cn.head.kind, "credit_note");
    assert_eq!(cn.corrects.as_deref(), Some(inv.as_str()));
    assert_eq!((cn.head.net_minor, cn.head.tax_minor), (30_00, 3_90));
    assert_eq!(cn.lines[0].qty, 3_000);
    let invoice = cash::invoice(&w.db, &inv).unwrap().head;
    assert_eq!(
        (
            invoice.paid_minor,
            invoice.credited_minor,
            invoice.open_minor
        ),
        (79_10, 33_90, 0)
    );
    assert_eq!(balance(&w.db, "1002"), bank_before - 33_90);
    assert_eq!(balance(&w.db, "6001"), -100_00 + 30_00);
    assert_eq!(balance(&w.db, "2221"), -13_00 + 3_90);
    assert_eq!(balance(&w.db, "2203"), 0);
    let r = cash::customer_receivables(&w.db, &cu).unwrap();
    assert_eq!(
        (r.position.open_ar.minor(), r.position.prepaid.minor()),
        (0, 0)
    );
    assert_eq!(status(&w.db, &rma), ReturnStatus::Credited);
    returns::close_return(&w.db, &w.finance, &rma).unwrap();
    assert_eq!(status(&w.db, &rma), ReturnStatus::Closed);
    clean(&w.db);
}

#[test]
fn an_open_invoice_is_reduced_and_a_restocking_charge_keeps_part_of_it() {
    let w = world();
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "2.00");
    let cu = w
        .customer("未付客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, sh) = shipped_order(&w, &cu, "10", "11.30");
    shipping::deliver(&w.db, &w.warehouse, &sh, "刘经理", "").unwrap();
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0)
        .number;
    // Half paid: the credit takes the open part first.
    pay_all(&w, &cu, "56.50");
    let rma = open(&w, &sh, ReturnReason::ChangedMind, "6");
    receive(&w, &rma, "6", Condition::Sellable);
    // A restocking charge (折旧费): 60.00 credited of the 67.80 the goods are worth.
    let e = returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput {
            settlement: Settlement::Prepayment,
            amount: "70".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(
        refusal(&e),
        Refusal::CreditAboveReturnValue { .. }
    ));
    let done = returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput {
            settlement: Settlement::Prepayment,
            amount: "60".into(),
        },
    )
    .unwrap();
    assert_eq!(done.credit.minor(), 60_00);
    assert_eq!(
        (done.to_receivable.minor(), done.repaid.minor()),
        (56_50, 3_50)
    );
    assert_eq!(
        done.prepaid.minor(),
        3_50,
        "what was paid beyond stays as prepayment"
    );
    let cn = cash::invoice(&w.db, done.credit_note.as_deref().unwrap()).unwrap();
    assert_eq!(cn.head.net_minor + cn.head.tax_minor, 60_00);
    assert_eq!(cn.lines.iter().map(|l| l.gross_minor).sum::<i64>(), 60_00);
    let r = cash::customer_receivables(&w.db, &cu).unwrap();
    assert_eq!(
        (r.position.open_ar.minor(), r.position.prepaid.minor()),
        (0, 3_50)
    );
    assert_eq!(cash::invoice(&w.db, &inv).unwrap().head.open_minor, 0);
    assert_eq!(balance(&w.db, "2203"), -3_50);
    clean(&w.db);
}

#[test]
fn an_exchange_is_a_new_order_through_the_rules_and_the_credit_pays_it() {
    let w = world();
    let (cu, _so, sh, _inv) = delivered_paid(&w);
    let rma = open(&w, &sh, ReturnReason::WrongItem, "2");
    let ex = returns::exchange(&w.db, &w.sales, &rma).unwrap();
    assert!(ex.number.starts_with("SO-"));
    let e = returns::exchange(&w.db, &w.sales, &rma).unwrap_err();
    assert!(matches!(refusal(&e), Refusal::ExchangeExists { .. }));
    let detail = ops::orders::order_detail(&w.db, ex.order_id).unwrap();
    assert_eq!(detail.customer_ref.as_deref(), Some(rma.as_str()));
    assert_eq!(detail.lines[0].qty.to_db(), 2_000);
    assert_eq!(
        detail.lines[0].unit_price.to_db(),
        11_3000,
        "at the price sold"
    );
    assert_eq!(
        returns::exchange_of(&w.db, ex.order_id).unwrap(),
        Some(rma.clone())
    );
    // The approval rules decided: the sales user's limit is zero, so it waits.
    assert!(
        matches!(ex.outcome, Outcome::Waiting(_)),
        "{:?}",
        ex.outcome
    );
    approve(
        &w,
        &ops::intake::Submitted {
            id: ex.order_id,
            version: detail.version,
            number: ex.number.clone(),
            outcome: ex.outcome.clone(),
        },
    );
    receive(&w, &rma, "2", Condition::Sellable);
    let done = returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput::full(Settlement::Prepayment),
    )
    .unwrap();
    assert_eq!(done.prepaid.minor(), 22_60);
    // The replacement ships and is invoiced: the prepayment pays it.
    let made =
        ops::picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&ex.number), None)
            .unwrap();
    crate::picking::pick_all(&w.db, &w.warehouse, &made.number);
    shipping::ship(
        &w.db,
        &w.warehouse,
        &shipping::ShipInput {
            order: ex.number.clone(),
            carrier: "SF".into(),
            ..shipping::ShipInput::default()
        },
    )
    .unwrap();
    let inv = cash::invoice_order(&w.db, &w.finance, &ex.number)
        .unwrap()
        .remove(0);
    assert_eq!(inv.prepaid_applied.minor(), 22_60);
    let r = cash::customer_receivables(&w.db, &cu).unwrap();
    assert_eq!(r.position.prepaid.minor(), 0);
    clean(&w.db);
}

#[test]
fn a_refused_shipment_comes_back_before_invoicing_and_the_order_closes() {
    let w = world();
    w.db.conn()
        .execute("UPDATE company SET revenue_at = 'signoff'", [])
        .unwrap();
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "2.00");
    let cu = w.customer("拒收客户").create();
    let (so, sh) = shipped_order(&w, &cu, "10", "11.30");
    shipping::record_exception(&w.db, &w.warehouse, &sh, ExceptionKind::Refused, "客户拒收")
        .unwrap();
    assert_eq!(
        balance(&w.db, "1406"),
        20_00,
        "the cost waits in goods shipped"
    );
    let opened =
        returns::open_return(&w.db, &w.sales, &input(&sh, ReturnReason::Refused, "10")).unwrap();
    assert!(opened.undelivered);
    // More than was shipped and never signed for is refused.
    let e =
        returns::open_return(&w.db, &w.sales, &input(&sh, ReturnReason::Refused, "1")).unwrap_err();
    assert!(matches!(
        refusal(&e),
        Refusal::ReturnMoreThanDelivered {
            undelivered: true,
            ..
        }
    ));
    let waiting = |w: &World| -> Vec<String> {
        shipping::shipments_waiting(&w.db, i64::MAX, 10)
            .unwrap()
            .into_iter()
            .map(|s| s.number)
            .collect()
    };
    assert_eq!(
        waiting(&w),
        std::slice::from_ref(&sh),
        "the refused goods wait for after-sales"
    );
    receive(&w, &opened.number, "4", Condition::Sellable);
    assert_eq!(waiting(&w), std::slice::from_ref(&sh), "six still to come");
    let last = receive(&w, &opened.number, "6", Condition::Sellable);
    assert!(waiting(&w).is_empty(), "settled");
    assert!(
        last.order_closed,
        "the refused goods are settled: the order is done"
    );
    assert_eq!(
        balance(&w.db, "1406"),
        0,
        "back to stock out of goods shipped"
    );
    assert_eq!(balance(&w.db, "1405"), 100_00);
    assert_eq!(on_hand(&w.db, w.plain_id), 50_000);
    let order = ops::orders::order_detail(&w.db, order_id(&w.db, &so)).unwrap();
    assert_eq!(order.stage, orderdesk::domain::order::OrderStage::Closed);
    assert_eq!(
        exposure(&w.db, &cu).uninvoiced_minor,
        113_00,
        "goods back, still counted as to be invoiced until credited"
    );
    // Nothing was invoiced: the return takes it off what will be.
    let done = returns::credit_return(
        &w.db,
        &w.finance,
        &opened.number,
        &CreditInput::full(Settlement::Prepayment),
    )
    .unwrap();
    assert_eq!(done.credit_note, None);
    assert_eq!(done.uninvoiced, 10_000);
    let kept = exposure(&w.db, &cu);
    assert_eq!(
        (kept.uninvoiced_minor, kept.exposure_minor),
        (0, 0),
        "nothing left to invoice: the customer's exposure goes with it"
    );
    let e = cash::invoice_order(&w.db, &w.finance, &so).unwrap_err();
    assert!(matches!(refusal(&e), Refusal::NothingToInvoice { .. }));
    let (issued, refused) = cash::invoice_all_ready(&w.db, &w.finance).unwrap();
    assert!(issued.is_empty() && refused.is_empty(), "{refused:?}");
    clean(&w.db);
}

#[test]
fn part_of_a_shipment_returned_before_invoicing_is_not_invoiced() {
    let w = world();
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "2.00");
    let cu = w.customer("先退后开").create();
    let (so, sh) = shipped_order(&w, &cu, "10", "11.30");
    shipping::deliver(&w.db, &w.warehouse, &sh, "刘经理", "").unwrap();
    let rma = open(&w, &sh, ReturnReason::Damaged, "4");
    receive(&w, &rma, "4", Condition::Scrap);
    let done = returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput::full(Settlement::Prepayment),
    )
    .unwrap();
    assert_eq!((done.credit_note, done.uninvoiced), (None, 4_000));
    assert_eq!(
        exposure(&w.db, &cu).uninvoiced_minor,
        67_80,
        "six of ten left to invoice"
    );
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0);
    assert_eq!(inv.gross.minor(), 67_80, "six of ten at 11.30");
    let kept = exposure(&w.db, &cu);
    assert_eq!((kept.uninvoiced_minor, kept.open_ar_minor), (0, 67_80));
    clean(&w.db);
}

#[test]
fn scrapped_and_lost_goods_post_their_loss_to_stock_differences() {
    let w = world();
    let (_cu, _so, sh, _inv) = delivered_paid(&w);
    let on_hand_before = on_hand(&w.db, w.plain_id);
    let rma = open(&w, &sh, ReturnReason::Damaged, "2");
    let r = receive(&w, &rma, "2", Condition::Scrap);
    assert_eq!(r.bin, None);
    assert_eq!(
        on_hand(&w.db, w.plain_id),
        on_hand_before,
        "scrapped goods leave again"
    );
    assert_eq!(balance(&w.db, "1901"), 4_00, "the loss at cost");
    clean(&w.db);

    // Lost in transit: nothing comes back; the cost is written off.
    let cu = w.customer("丢件客户").create();
    let (_, sh2) = shipped_order(&w, &cu, "3", "11.30");
    shipping::record_exception(&w.db, &w.warehouse, &sh2, ExceptionKind::Lost, "快递丢件").unwrap();
    let lost = open(&w, &sh2, ReturnReason::Lost, "3");
    let e = returns::write_off_lost(&w.db, &w.warehouse, &rma, "不是这张").unwrap_err();
    assert!(matches!(refusal(&e), Refusal::ReturnClosed { .. }));
    let done = returns::write_off_lost(&w.db, &w.warehouse, &lost, "快递确认丢失").unwrap();
    assert_eq!((done.added, done.status), (3_000, ReturnStatus::Received));
    assert!(done.order_closed);
    assert_eq!(balance(&w.db, "1901"), 4_00 + 6_00);
    clean(&w.db);
}

#[test]
fn quarantined_goods_are_not_available_and_reserved_stock_stays_for_sale() {
    let w = world();
    let (cu, _so, sh, _inv) = delivered_paid(&w);
    let rma = open(&w, &sh, ReturnReason::Quality, "5");
    receive(&w, &rma, "5", Condition::Quarantine);
    let st = held(&w.db, w.plain_id);
    assert_eq!(
        (st.on_hand, st.held, st.available()),
        (45_000, 5_000, 40_000)
    );
    // An order for everything on hand is reserved only what is for sale.
    let s = w
        .order(&w.sales)
        .customer(&cu)
        .line(PLAIN_SKU, "45")
        .price("11.30")
        .submit();
    approve(&w, &s);
    let line = &ops::orders::order_detail(&w.db, s.id).unwrap().lines[0];
    assert_eq!(
        (line.reserved.to_db(), line.backordered.to_db()),
        (40_000, 5_000)
    );
    // Moving reserved stock into quarantine by hand is refused.
    let e = ops::transfer::transfer_stock(
        &w.db,
        &w.warehouse,
        &ops::transfer::TransferInput {
            product: PLAIN_SKU.into(),
            from_bin: BIN_A.into(),
            to_bin: "QUA-WH1".into(),
            lot: String::new(),
            qty: "1".into(),
            note: String::new(),
        },
    )
    .unwrap_err();
    assert!(matches!(refusal(&e), Refusal::HoldBelowReserved { .. }));
    // Inspected and released for sale, the goods fill the backorder.
    ops::transfer::transfer_stock(
        &w.db,
        &w.warehouse,
        &ops::transfer::TransferInput {
            product: PLAIN_SKU.into(),
            from_bin: "QUA-WH1".into(),
            to_bin: BIN_A.into(),
            lot: String::new(),
            qty: "5".into(),
            note: "检验合格".into(),
        },
    )
    .unwrap();
    assert_eq!(held(&w.db, w.plain_id).held, 0);
    clean(&w.db);
}

#[test]
fn a_gs1_label_receives_its_count_of_its_lot_only() {
    let w = world();
    w.product(LOT_SKU).stock_lot(BIN_A, "L7", 120, "20");
    let cu = w.customer("批次客户").create();
    let s = w.order(&w.sales).customer(&cu).line(LOT_SKU, "6").submit();
    approve(&w, &s);
    let made =
        ops::picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&s.number), None)
            .unwrap();
    crate::picking::pick_all(&w.db, &w.warehouse, &made.number);
    let sh = shipping::ship(
        &w.db,
        &w.warehouse,
        &shipping::ShipInput {
            order: s.number.clone(),
            carrier: "SF".into(),
            ..shipping::ShipInput::default()
        },
    )
    .unwrap()
    .number;
    shipping::deliver(&w.db, &w.warehouse, &sh, "收货人", "").unwrap();
    let rma = open(&w, &sh, ReturnReason::Quality, "6");
    let expiry = gs1_date(days_from_today(120));
    let label = |lot: &str, n: u32| format!("01{}17{expiry}10{lot}\u{1d}30{n}", gtin14(&lot_ean()));
    let e = returns::receive(
        &w.db,
        &w.warehouse,
        &rma,
        &ReceiveInput::scan(&label("L8", 2), Condition::Sellable),
    )
    .unwrap_err();
    assert!(matches!(refusal(&e), Refusal::ReturnLotDiffers { .. }));
    let r = returns::receive(
        &w.db,
        &w.warehouse,
        &rma,
        &ReceiveInput::scan(&label("L7", 4), Condition::Sellable),
    )
    .unwrap();
    assert_eq!(r.added, 4_000);
    clean(&w.db);
}

#[test]
fn a_return_of_a_shipment_not_yet_invoiced_takes_it_off_that_shipment_only() {
    let w = world();
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "2.00");
    let cu = w.customer("两批发货").create();
    let s = w
        .order(&w.sales)
        .customer(&cu)
        .line(PLAIN_SKU, "10")
        .price("11.30")
        .submit();
    crate::cash::approve(&w, &s);
    let made =
        ops::picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&s.number), None)
            .unwrap();
    crate::picking::pick_all(&w.db, &w.warehouse, &made.number);
    let ship = |qty: &str| {
        shipping::ship(
            &w.db,
            &w.warehouse,
            &shipping::ShipInput {
                order: s.number.clone(),
                carrier: "SF".into(),
                lines: vec![shipping::ShipLineInput {
                    line_no: 1,
                    qty: qty.into(),
                }],
                ..shipping::ShipInput::default()
            },
        )
        .unwrap()
        .number
    };
    let (first, second) = (ship("5"), ship("5"));
    for sh in [&first, &second] {
        shipping::deliver(&w.db, &w.warehouse, sh, "收货人", "").unwrap();
    }
    let inv1 = cash::invoice_shipment(&w.db, &w.finance, &first).unwrap();
    assert_eq!(inv1.gross.minor(), 56_50);
    let rma = open(&w, &second, ReturnReason::Quality, "3");
    receive(&w, &rma, "3", Condition::Sellable);
    let done = returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput::full(Settlement::Prepayment),
    )
    .unwrap();
    assert_eq!(
        (done.credit_note, done.uninvoiced),
        (None, 3_000),
        "the first shipment's invoice is not the one these goods were on"
    );
    let inv2 = cash::invoice_shipment(&w.db, &w.finance, &second).unwrap();
    assert_eq!(inv2.gross.minor(), 22_60, "two of the second five at 11.30");
    clean(&w.db);
}

#[test]
fn the_return_list_exports_as_shown_by_state() {
    let w = world();
    let (_cu, _so, sh, _inv) = delivered_paid(&w);
    let a = open(&w, &sh, ReturnReason::Quality, "2");
    let b = open(&w, &sh, ReturnReason::Damaged, "1");
    receive(&w, &b, "1", Condition::Scrap);
    let rows = |status: Option<ReturnStatus>| {
        let mut got: Vec<Vec<String>> = Vec::new();
        ops::export::each_row(
            &w.db,
            &w.finance,
            &ops::export::after_sales::Returns { status },
            orderdesk::i18n::Lang::En,
            &mut |cells| {
                got.push(cells.iter().map(|c| c.plain()).collect());
                Ok(())
            },
        )
        .unwrap();
        got
    };
    let all = rows(None);
    assert_eq!(all.len(), 2);
    assert_eq!(
        (all[0][0].as_str(), all[1][0].as_str()),
        (b.as_str(), a.as_str()),
        "newest first"
    );
    assert_eq!(all[0][7], "Received");
    assert_eq!(all[0][9], "1", "what came back");
    let open_only = rows(Some(ReturnStatus::Open));
    assert_eq!(open_only.len(), 1);
    assert_eq!(open_only[0][0], a);
    // The warehouse may read returns too; a user of no such role may not.
    let e = ops::export::each_row(
        &w.db,
        &w.admin,
        &ops::export::after_sales::Returns::default(),
        orderdesk::i18n::Lang::En,
        &mut |_| Ok(()),
    );
    assert!(e.is_ok(), "the admin receives stock: {e:?}");
}
