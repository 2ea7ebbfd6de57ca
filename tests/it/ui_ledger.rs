//! The ledger and invoice screens: the trial balance balances and opens an account's
//! lines with the running balance, the month closes after a typed confirmation (finance
//! only), the journal exports as CSV into the output folder; the invoice list invoices
//! everything ready, filters open and paid invoices, and one invoice records its VAT
//! invoice number.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use crossterm::event::KeyCode;

use crate::cash::shipped_order;
use crate::ui_picking::ui_as;
use crate::world::*;
use orderdesk::i18n::Lang;
use orderdesk::ops::{self, cash};
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::cash::invoices::{Filter, InvoiceDetail, InvoiceList};
use orderdesk::ui::screens::cash::ledger::{AccountLedger, TrialBalance};

fn this_month() -> String {
    company_today().format("%Y-%m").to_string()
}

/// One order of ¥113.00 shipped to a customer on net 30, not yet invoiced.
fn shipped(w: &World) -> (String, String) {
    w.product(PLAIN_SKU).stock_at(BIN_A, "100", "4.00");
    let cu = w
        .customer("总账客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(w, &cu, "10", "11.30");
    (cu, so)
}

#[test]
fn the_trial_balance_balances_and_opens_an_accounts_lines_with_the_running_balance() {
    let w = world();
    let (cu, so) = shipped(&w);
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    cash::record_payment(
        &w.db,
        &w.finance,
        &cash::PaymentInput::new(&cu, cash::PaymentMethod::Bank, "100"),
    )
    .unwrap();
    let mut ui = ui_as(&w, "finance", Lang::En, 80, 24);
    ui.go(Route::Ledger);
    assert_eq!(ui.on(), "trial-balance");
    let screen = ui.screen();
    assert!(screen.contains(&this_month()), "{screen}");
    assert!(
        screen.contains("balanced") && !screen.contains("NOT"),
        "{screen}"
    );
    let tb = ui.view::<TrialBalance>().unwrap();
    let ar = tb.rows.iter().position(|r| r.account == "1122").unwrap();
    assert_eq!(tb.rows[ar].closing(), 13_00);
    for _ in 0..ar {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "account-ledger");
    let al = ui.view::<AccountLedger>().unwrap();
    assert_eq!(al.account, "1122");
    assert_eq!(al.lines.len(), 2, "the invoice and the payment");
    let screen = ui.screen();
    assert!(
        screen.contains("113.00") && screen.contains("13.00"),
        "{screen}"
    );
    // The previous month has none of it.
    ui.key(KeyCode::Left);
    assert!(ui.view::<AccountLedger>().unwrap().lines.is_empty());
    assert!(ui.screen().contains("No entries"));
}

#[test]
fn closing_the_month_takes_the_typed_period_and_then_refuses_postings_into_it() {
    let w = world();
    let (cu, _) = shipped(&w);
    let month = this_month();
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Ledger);
    ui.key(KeyCode::F(8));
    // A wrong answer keeps the question open and closes nothing.
    ui.text("2000-01").key(KeyCode::Enter);
    assert!(ops::ledger::closed_periods(&w.db).unwrap().is_empty());
    assert!(ui.status().contains(&month), "{}", ui.status());
    // Esc gives up, then the right period closes it.
    ui.key(KeyCode::Esc);
    assert!(ops::ledger::closed_periods(&w.db).unwrap().is_empty());
    ui.key(KeyCode::F(8)).text(&month).key(KeyCode::Enter);
    assert_eq!(
        ops::ledger::closed_periods(&w.db).unwrap(),
        vec![month.clone()]
    );
    assert!(ui.view::<TrialBalance>().unwrap().closed);
    assert!(ui.screen().contains("已结账"));
    // Nothing posts into it any more.
    let e = cash::record_payment(
        &w.db,
        &w.finance,
        &cash::PaymentInput::new(&cu, cash::PaymentMethod::Cash, "10"),
    );
    assert!(e.is_err());
}

#[test]
fn only_finance_is_offered_closing_and_ops_refuses_the_others() {
    let w = world();
    let mut ui = ui_as(&w, "manager", Lang::En, 120, 30);
    ui.go(Route::Ledger);
    let screen = ui.screen();
    assert!(!screen.contains("Close period"), "{screen}");
    ui.key(KeyCode::F(8));
    assert!(ops::ledger::closed_periods(&w.db).unwrap().is_empty());
    assert!(!ui.status().is_empty());
    let mut ui = ui_as(&w, "finance", Lang::En, 120, 30);
    ui.go(Route::Ledger);
    assert!(ui.screen().contains("Close period"));
}

#[test]
fn the_journal_exports_as_csv_into_the_output_folder() {
    let w = world();
    let (_, so) = shipped(&w);
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    let out = w.dir.path().join("out");
    let mut ui = ui_as(&w, "finance", Lang::En, 80, 24);
    ui.go(Route::Ledger);
    // Without a folder it says so.
    ui.key(KeyCode::F(9));
    assert!(ui.status().contains("output_dir"), "{}", ui.status());
    ui.app.output.dir = Some(out.clone());
    ui.key(KeyCode::F(9));
    let file = out.join(format!("journal-{}.csv", this_month()));
    let csv = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}: {}", ui.status()));
    assert!(
        csv.starts_with("voucher_no,date,account,summary,debit,credit"),
        "{csv}"
    );
    assert!(csv.contains(",1122,") && csv.contains("113.00"), "{csv}");
}

#[test]
fn the_invoice_list_invoices_everything_ready_and_filters_open_and_paid() {
    let w = world();
    let (cu, _) = shipped(&w);
    let mut ui = ui_as(&w, "finance", Lang::En, 80, 24);
    ui.go(Route::Invoices);
    assert_eq!(ui.on(), "invoices");
    assert!(ui.view::<InvoiceList>().unwrap().rows.is_empty());
    ui.key(KeyCode::F(2));
    assert!(ui.status().contains("1 invoices issued"), "{}", ui.status());
    let rows = &ui.view::<InvoiceList>().unwrap().rows;
    assert_eq!(rows.len(), 1);
    let number = rows[0].number.clone();
    assert!(ui.screen().contains(&number));
    // Twice: nothing more to invoice.
    ui.key(KeyCode::F(2));
    assert!(ui.status().contains("0 invoices issued"), "{}", ui.status());
    // Open shows it, paid does not until it is paid.
    ui.key(KeyCode::Right);
    assert_eq!(ui.view::<InvoiceList>().unwrap().filter, Filter::Open);
    assert_eq!(ui.view::<InvoiceList>().unwrap().rows.len(), 1);
    ui.key(KeyCode::Right);
    assert_eq!(ui.view::<InvoiceList>().unwrap().filter, Filter::Paid);
    assert!(ui.view::<InvoiceList>().unwrap().rows.is_empty());
    cash::record_payment(
        &w.db,
        &w.finance,
        &cash::PaymentInput::new(&cu, cash::PaymentMethod::Bank, "113"),
    )
    .unwrap();
    ui.go(Route::Invoices);
    ui.key(KeyCode::Right).key(KeyCode::Right);
    assert_eq!(ui.view::<InvoiceList>().unwrap().rows.len(), 1);
    assert!(ui.screen().contains("Paid"));
}

#[test]
fn sales_are_not_offered_batch_invoicing_and_ops_refuses_it() {
    let w = world();
    shipped(&w);
    let mut ui = ui_as(&w, "sales", Lang::En, 120, 30);
    ui.go(Route::Invoices);
    assert!(!ui.screen().contains("Invoice all ready"));
    ui.key(KeyCode::F(2));
    assert_eq!(count_rows(&w.db, "invoices"), 0, "{}", ui.status());
}

#[test]
fn one_invoice_records_its_vat_invoice_and_is_found_by_it() {
    let w = world();
    let (_, so) = shipped(&w);
    let number = cash::invoice_order(&w.db, &w.finance, &so).unwrap()[0]
        .number
        .clone();
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Invoices);
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "invoice");
    assert!(ui.screen().contains("尚未登记增值税发票"));
    // An empty number is refused and the form stays.
    ui.key(KeyCode::F(7)).key(KeyCode::F(5));
    assert!(cash::invoice(&w.db, &number).unwrap().head.vat_no.is_none());
    assert!(!ui.status().is_empty());
    ui.text("04400123")
        .key(KeyCode::Enter)
        .key(KeyCode::Right)
        .key(KeyCode::F(5));
    let head = cash::invoice(&w.db, &number).unwrap().head;
    assert_eq!(head.vat_no.as_deref(), Some("04400123"), "{}", ui.status());
    assert_eq!(head.vat_kind.as_deref(), Some("special"));
    let screen = ui.screen();
    assert!(
        screen.contains("04400123") && screen.contains("专票"),
        "{screen}"
    );
    // The list finds it by the VAT number.
    ui.key(KeyCode::Esc);
    ui.scan("04400123");
    assert_eq!(ui.on(), "invoice");
    assert_eq!(ui.view::<InvoiceDetail>().unwrap().number, number);
}

#[test]
fn a_price_correction_issues_a_credit_note_and_a_bad_one_keeps_the_form() {
    let w = world();
    let (_, so) = shipped(&w);
    let number = cash::invoice_order(&w.db, &w.finance, &so).unwrap()[0]
        .number
        .clone();
    let mut ui = ui_as(&w, "finance", Lang::En, 80, 24);
    ui.go(Route::Invoice(number.clone()));
    // A new price above the old one is refused; the form stays with its text.
    ui.key(KeyCode::F(8))
        .text("1")
        .key(KeyCode::Enter)
        .text("20")
        .key(KeyCode::Enter)
        .text("agreed lower")
        .key(KeyCode::F(5));
    assert_eq!(count_rows(&w.db, "invoices"), 1, "{}", ui.status());
    assert!(!ui.status().is_empty());
    assert!(
        ui.screen().contains("agreed lower"),
        "the form is still open"
    );
    ui.key(KeyCode::Esc);
    ui.key(KeyCode::F(8))
        .text("1")
        .key(KeyCode::Enter)
        .text("10.17")
        .key(KeyCode::Enter)
        .text("agreed lower")
        .key(KeyCode::F(5));
    assert!(ui.status().contains("CN-"), "{}", ui.status());
    let v = cash::invoice(&w.db, &number).unwrap();
    assert_eq!(v.credit_notes.len(), 1);
    assert!(v.head.open_minor < 113_00);
    assert!(ui.screen().contains(&v.credit_notes[0].number));
    assert_consistent(&w.db);
}

#[test]
fn an_invoice_prints_into_the_output_folder() {
    let w = world();
    let (_, so) = shipped(&w);
    let number = cash::invoice_order(&w.db, &w.finance, &so).unwrap()[0]
        .number
        .clone();
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Invoice(number.clone()));
    ui.key(KeyCode::F(6));
    assert!(ui.status().contains("output_dir"), "{}", ui.status());
    let out = w.dir.path().join("out");
    ui.app.output.dir = Some(out.clone());
    ui.key(KeyCode::F(6));
    let text = std::fs::read_to_string(out.join(format!("{number}.txt")))
        .unwrap_or_else(|e| panic!("{e}: {}", ui.status()));
    assert!(text.contains(&number) && text.contains("113.00"), "{text}");
    assert!(out.join(format!("{number}.html")).exists());
}
