//! Returns refused and checked: every bad input of returns refused in both languages
//! with nothing changed, a tamper test for each invariant `check` proves about returns,
//! and the command line.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use orderdesk::domain::returns::{Condition, ReturnReason, ReturnStatus, Settlement};
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::cash::{self, PriceCorrection};
use orderdesk::ops::returns::{self, CreditInput, ReceiveInput, ReturnInput};
use orderdesk::ops::shipping::{self, ExceptionKind};
use orderdesk::ops::{self, Refusal};
use orderdesk::store::Db;

use crate::cash::{approve, clean, refusal, shipped_order};
use crate::returns::{delivered_paid, input, open, receive, status};
use crate::world::*;

/// Rows a refused operation of returns must leave alone.
fn counts(db: &Db) -> Vec<i64> {
    [
        "returns",
        "return_lines",
        "return_receipts",
        "stock_moves",
        "invoices",
        "refunds",
        "allocation_reversals",
        "journal_entries",
        "audit_log",
        "orders",
    ]
    .iter()
    .map(|t| count_rows(db, t))
    .chain([db
        .conn()
        .query_row(
            "SELECT (SELECT COALESCE(SUM(qty_returned + qty_return_uninvoiced), 0) FROM order_lines) \
             + (SELECT COALESCE(SUM(version), 0) FROM returns) \
             + (SELECT COALESCE(SUM(open_minor + paid_minor), 0) FROM invoices)",
            [],
            |r| r.get(0),
        )
        .unwrap()])
    .collect()
}

#[test]
fn bad_input_is_refused_in_both_languages_and_changes_nothing() {
    let w = world();
    let (cu, so, sh, inv) = delivered_paid(&w);
    let other = w.customer("别家").create();
    let (_, in_transit) = shipped_order(&w, &other, "2", "11.30");
    w.product(LOT_SKU).stock_lot(BIN_B, "L1", 90, "5");
    let rma = open(&w, &sh, ReturnReason::Quality, "4");
    let before = counts(&w.db);
    let refused = |e: ops::Error| {
        let r = refusal(&e);
        assert_ne!(e.localized(Lang::Zh), e.localized(Lang::En), "{r:?}");
        assert_eq!(counts(&w.db), before, "{r:?} changed something");
        r
    };

    // Returning more than was delivered, with what was returned before counted.
    let r = refused(
        returns::open_return(&w.db, &w.sales, &input(&sh, ReturnReason::Quality, "7")).unwrap_err(),
    );
    assert_eq!(
        r,
        Refusal::ReturnMoreThanDelivered {
            line: 1,
            delivered: orderdesk::domain::money::Qty::from_db(10_000),
            returned: orderdesk::domain::money::Qty::from_db(4_000),
            asked: orderdesk::domain::money::Qty::from_db(7_000),
            undelivered: false,
        }
    );
    // Another customer's goods.
    let r = refused(
        returns::open_return(
            &w.db,
            &w.sales,
            &ReturnInput {
                customer: other.clone(),
                ..input(&sh, ReturnReason::Quality, "1")
            },
        )
        .unwrap_err(),
    );
    assert!(matches!(r, Refusal::OtherCustomersGoods { .. }));
    // A shipment still on its way; "refused" for goods signed for; no quantity.
    let r = refused(
        returns::open_return(
            &w.db,
            &w.sales,
            &input(&in_transit, ReturnReason::Quality, "1"),
        )
        .unwrap_err(),
    );
    assert!(matches!(r, Refusal::ShipmentNotSettled { .. }));
    let r = refused(
        returns::open_return(&w.db, &w.sales, &input(&sh, ReturnReason::Refused, "1")).unwrap_err(),
    );
    assert!(matches!(r, Refusal::ReasonNeedsUndelivered { .. }));
    let r = refused(
        returns::open_return(&w.db, &w.sales, &input(&sh, ReturnReason::Quality, "")).unwrap_err(),
    );
    assert_eq!(r, Refusal::NothingToReturn);
    let r = refused(
        returns::open_return(&w.db, &w.sales, &input(&sh, ReturnReason::Quality, "0.5"))
            .unwrap_err(),
    );
    assert!(matches!(r, Refusal::WholeUnitsOnly { .. }));
    // Only who may take orders opens a return.
    let e = returns::open_return(&w.db, &w.warehouse, &input(&sh, ReturnReason::Quality, "1"))
        .unwrap_err();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }));
    assert_eq!(counts(&w.db), before);

    // A wrong item scanned: another product, or a code that is none.
    let wrong = |scan: &str| {
        returns::receive(
            &w.db,
            &w.warehouse,
            &rma,
            &ReceiveInput::scan(scan, Condition::Sellable),
        )
        .unwrap_err()
    };
    let r = refused(wrong(&lot_ean()));
    assert_eq!(
        r,
        Refusal::WrongReturnItem {
            number: rma.clone(),
            scanned: LOT_SKU.into()
        }
    );
    let r = refused(wrong("9999999999994"));
    assert!(matches!(r, Refusal::WrongReturnItem { .. }));
    // More than is still to come; a sellable return into a bin that does not sell.
    let r = refused(
        returns::receive(
            &w.db,
            &w.warehouse,
            &rma,
            &ReceiveInput {
                qty: "5".into(),
                ..ReceiveInput::scan(PLAIN_SKU, Condition::Sellable)
            },
        )
        .unwrap_err(),
    );
    assert!(matches!(r, Refusal::ReceiveMoreThanReturned { .. }));
    receive(&w, &rma, "1", Condition::Quarantine);
    let before = counts(&w.db);
    let refused = |e: ops::Error| {
        let r = refusal(&e);
        assert_ne!(e.localized(Lang::Zh), e.localized(Lang::En), "{r:?}");
        assert_eq!(counts(&w.db), before, "{r:?} changed something");
        r
    };
    let r = refused(
        returns::receive(
            &w.db,
            &w.warehouse,
            &rma,
            &ReceiveInput {
                bin: "QUA-WH1".into(),
                ..ReceiveInput::scan(PLAIN_EAN, Condition::Sellable)
            },
        )
        .unwrap_err(),
    );
    assert!(matches!(r, Refusal::NotASellableBin { .. }));
    // Crediting before everything came back; cancelling after something did.
    let r = refused(
        returns::credit_return(
            &w.db,
            &w.finance,
            &rma,
            &CreditInput::full(Settlement::Refund),
        )
        .unwrap_err(),
    );
    assert!(matches!(r, Refusal::ReturnNotReceived { .. }));
    let r = refused(returns::cancel_return(&w.db, &w.sales, &rma, "客户不退了").unwrap_err());
    assert!(matches!(r, Refusal::ReturnNotCancellable { .. }));

    let _ = (cu, so, inv);
}

#[test]
fn a_credit_note_above_what_the_invoice_still_holds_is_refused() {
    let w = world();
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "2.00");
    let cu = w
        .customer("更正客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, sh) = shipped_order(&w, &cu, "10", "11.30");
    shipping::deliver(&w.db, &w.warehouse, &sh, "刘经理", "").unwrap();
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0)
        .number;
    // A price correction to 1.00 credits 103.00 of the 113.00 invoiced.
    cash::credit_note(
        &w.db,
        &w.finance,
        &inv,
        &[PriceCorrection {
            line_no: 1,
            new_price: "1.00".into(),
        }],
        "价格更正",
    )
    .unwrap();
    let rma = open(&w, &sh, ReturnReason::Quality, "5");
    receive(&w, &rma, "5", Condition::Sellable);
    let before = counts(&w.db);
    let e = returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput::full(Settlement::Prepayment),
    )
    .unwrap_err();
    assert_eq!(
        refusal(&e),
        Refusal::CreditAboveInvoice {
            invoice: inv.clone(),
            left: orderdesk::domain::money::Money::from_minor(10_00),
            asked: orderdesk::domain::money::Money::from_minor(56_50),
        }
    );
    assert_ne!(e.localized(Lang::Zh), e.localized(Lang::En));
    assert_eq!(counts(&w.db), before);
    // What the invoice still holds can be credited.
    returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput {
            settlement: Settlement::Prepayment,
            amount: "10".into(),
        },
    )
    .unwrap();
    let head = cash::invoice(&w.db, &inv).unwrap().head;
    assert_eq!((head.credited_minor, head.open_minor), (113_00, 0));
    clean(&w.db);
}

#[test]
fn receiving_into_a_closed_or_cancelled_return_is_refused() {
    let w = world();
    let (_cu, _so, sh, _inv) = delivered_paid(&w);
    let a = open(&w, &sh, ReturnReason::Quality, "1");
    let e = returns::cancel_return(&w.db, &w.sales, &a, " ").unwrap_err();
    assert!(matches!(refusal(&e), Refusal::ReturnCancelReasonRequired));
    returns::cancel_return(&w.db, &w.sales, &a, "客户改主意").unwrap();
    assert_eq!(status(&w.db, &a), ReturnStatus::Cancelled);
    let b = open(&w, &sh, ReturnReason::Quality, "10");
    assert!(b > a, "the cancelled quantity may be returned again");
    receive(&w, &b, "10", Condition::Sellable);
    returns::credit_return(
        &w.db,
        &w.finance,
        &b,
        &CreditInput::full(Settlement::Prepayment),
    )
    .unwrap();
    returns::close_return(&w.db, &w.finance, &b).unwrap();
    for rma in [&a, &b] {
        let before = counts(&w.db);
        let e = returns::receive(
            &w.db,
            &w.warehouse,
            rma,
            &ReceiveInput::scan(PLAIN_EAN, Condition::Sellable),
        )
        .unwrap_err();
        assert!(matches!(refusal(&e), Refusal::ReturnClosed { .. }), "{e:?}");
        assert_ne!(e.localized(Lang::Zh), e.localized(Lang::En));
        assert_eq!(counts(&w.db), before);
    }
    let e = returns::close_return(&w.db, &w.finance, &a).unwrap_err();
    assert!(matches!(refusal(&e), Refusal::ReturnNotClosable { .. }));
    clean(&w.db);
}

#[test]
fn check_catches_each_broken_invariant_of_returns() {
    let w = world();
    w.db.conn()
        .execute("UPDATE company SET revenue_at = 'signoff'", [])
        .unwrap();
    let (_cu, _so, sh, _inv) = delivered_paid(&w);
    let rma = open(&w, &sh, ReturnReason::Quality, "3");
    receive(&w, &rma, "2", Condition::Sellable);
    receive(&w, &rma, "1", Condition::Quarantine);
    returns::credit_return(
        &w.db,
        &w.finance,
        &rma,
        &CreditInput::full(Settlement::Prepayment),
    )
    .unwrap();
    // A refused shipment settled, not invoiced: its cost came back out of 1406.
    let cu2 = w.customer("拒收").create();
    let (_, sh2) = shipped_order(&w, &cu2, "2", "11.30");
    shipping::record_exception(&w.db, &w.warehouse, &sh2, ExceptionKind::Refused, "拒收").unwrap();
    let refused_rma = open(&w, &sh2, ReturnReason::Refused, "2");
    receive(&w, &refused_rma, "2", Condition::Sellable);
    returns::credit_return(
        &w.db,
        &w.finance,
        &refused_rma,
        &CreditInput::full(Settlement::Prepayment),
    )
    .unwrap();
    // Stock reserved by an approved order.
    let s = w
        .order(&w.sales)
        .customer(&cu2)
        .line(PLAIN_SKU, "3")
        .price("11.30")
        .submit();
    approve(&w, &s);
    clean(&w.db);
    let tamper = |sql: &str, expect: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("t.orderdesk");
        w.db.backup_to(&copy).unwrap();
        let db = Db::open(&copy, orderdesk::config::JournalSetting::Auto).unwrap();
        db.conn().execute_batch(sql).unwrap();
        let found: Vec<&str> = ops::check::run_check(&db)
            .unwrap()
            .iter()
            .map(|v| v.check)
            .collect();
        for e in expect {
            assert!(found.contains(e), "{sql}: {found:?} lacks {e}");
        }
    };
    tamper(
        "UPDATE return_lines SET qty = qty + 100000, qty_sellable = qty_sellable + 100000 \
         WHERE id = (SELECT MIN(id) FROM return_lines)",
        &["returned_within_delivered", "line_returned_matches_returns"],
    );
    tamper(
        "UPDATE order_lines SET qty_returned = qty_returned - 1000 WHERE qty_returned > 0",
        &["line_returned_matches_returns"],
    );
    tamper(
        "UPDATE invoices SET net_minor = net_minor + 100, gross_minor = gross_minor + 100 \
         WHERE kind = 'credit_note'",
        &[
            "credit_notes_within_invoices",
            "return_credit_matches_credit_note",
        ],
    );
    tamper(
        "UPDATE return_lines SET qty_credited = qty_credited - 1000, qty_uninvoiced = qty_uninvoiced + 1000 \
         WHERE qty_credited > 0",
        &["returns_credited_within_invoiced", "line_uninvoiced_matches_returns"],
    );
    tamper(
        "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, doc_type, doc_id, \
         doc_no, actor_id, at) SELECT product_id, bin_id, lot_id, 1000, unit_cost, 'return', doc_type, \
         doc_id, doc_no, actor_id, at FROM stock_moves WHERE kind = 'return' LIMIT 1",
        &["return_moves_match_receipts", "stock_levels_match_moves", "inventory_matches_stock"],
    );
    tamper(
        "UPDATE return_receipts SET qty = qty + 1000 WHERE id = (SELECT MIN(id) FROM return_receipts)",
        &["return_lines_match_receipts"],
    );
    tamper(
        "UPDATE returns SET status = 'open' WHERE number = (SELECT number FROM returns LIMIT 1)",
        &["return_status_matches_lines"],
    );
    tamper(
        "UPDATE product_stock SET held = held + 1 WHERE on_hand > held",
        &["product_held_matches_levels"],
    );
    tamper(
        "UPDATE product_stock SET held = on_hand - reserved + 1 WHERE reserved > 0",
        &["reserved_within_sellable", "product_held_matches_levels"],
    );
    tamper(
        "UPDATE allocation_reversals SET amount_minor = amount_minor + 1",
        &[
            "invoice_paid_matches_allocations",
            "payment_allocated_matches_allocations",
        ],
    );
    tamper(
        "UPDATE payments SET allocated_minor = allocated_minor + 1, unapplied_minor = unapplied_minor - 1 \
         WHERE unapplied_minor > 0",
        &["payment_allocated_matches_allocations"],
    );
    tamper(
        "UPDATE shipment_costs SET returned_minor = returned_minor - 1 WHERE returned_minor > 0",
        &["goods_shipped_match_transit"],
    );
    tamper(
        "UPDATE returns SET credit_minor = credit_minor + 1 WHERE credit_note_id IS NOT NULL",
        &["return_credit_matches_credit_note"],
    );
    tamper(
        "UPDATE doc_counters SET last_no = 0 WHERE doc_type = 'RMA'",
        &["counters_cover_returns"],
    );
}

/// The command line on the world's file, as `user` (English messages).
fn cli(w: &World, user: &str, args: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("none.toml");
    std::fs::write(&cfg, "").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(&w.path)
        .args(["--lang", "en", "--user", user])
        .args(args)
        .env("XDG_DATA_HOME", dir.path())
        .env("ORDERDESK_PASSWORD", PASSWORD)
        .env_remove("ORDERDESK_DB")
        .env_remove("ORDERDESK_USER")
        .output()
        .unwrap();
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

#[test]
fn the_command_line_opens_receives_credits_and_shows_a_return() {
    let w = world();
    let (_cu, _so, sh, _inv) = delivered_paid(&w);
    let (ok, help) = cli(&w, "sales", &["return", "--help"]);
    assert!(ok, "{help}");
    for sub in [
        "create", "show", "list", "receive", "lost", "credit", "exchange", "cancel", "close",
    ] {
        assert!(help.contains(sub), "{sub} missing in {help}");
    }
    let (ok, out) = cli(
        &w,
        "sales",
        &[
            "return",
            "create",
            "--shipment",
            &sh,
            "--line",
            "1:11",
            "--reason",
            "quality",
        ],
    );
    assert!(!ok, "more than delivered: {out}");
    assert!(
        out.contains("cannot be returned") && out.contains("Nothing was changed"),
        "{out}"
    );
    assert_eq!(count_rows(&w.db, "returns"), 0);
    let (ok, out) = cli(
        &w,
        "sales",
        &[
            "return",
            "create",
            "--shipment",
            &sh,
            "--line",
            "1:2",
            "--reason",
            "quality",
            "--note",
            "生锈",
        ],
    );
    assert!(ok, "{out}");
    let rma = out
        .split_whitespace()
        .find(|w| w.starts_with("RMA-"))
        .expect("the number")
        .to_string();
    let (ok, out) = cli(
        &w,
        "warehouse",
        &["return", "receive", &rma, "--item", PLAIN_SKU, "--qty", "2"],
    );
    assert!(ok, "{out}");
    assert!(out.contains("Received"), "{out}");
    let (ok, out) = cli(
        &w,
        "finance",
        &["return", "credit", &rma, "--settle", "refund"],
    );
    assert!(ok, "{out}");
    assert!(out.contains("credit note CN-"), "{out}");
    let (ok, out) = cli(&w, "sales", &["return", "show", &rma]);
    assert!(ok, "{out}");
    assert!(
        out.contains("Credited") && out.contains("refunded 22.60"),
        "{out}"
    );
    let (ok, out) = cli(&w, "sales", &["return", "list", "--status", "credited"]);
    assert!(ok && out.contains(&rma), "{out}");
    let (ok, out) = cli(&w, "sales", &["return", "list", "--status", "lost-ish"]);
    assert!(!ok && out.contains("not valid"), "{out}");
    clean(&w.db);
}
