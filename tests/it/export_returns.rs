//! Export of the return list (退货单): read back from its XLSX file page after page in
//! the list's order, quantities and amounts summing to the database's sums, states
//! through the catalogue and times in the company's time zone; F12 on the return list
//! exports the state shown; the command line's `returns` with `--status`.

use calamine::Data;
use crossterm::event::KeyCode;
use rust_decimal::Decimal;

use crate::export::{column, exact, files_in, read_csv, read_xlsx, sql_sum};
use crate::world::*;
use orderdesk::domain::money::Money;
use orderdesk::domain::returns::ReturnStatus;
use orderdesk::i18n::Lang;
use orderdesk::ops::export::after_sales::Returns;
use orderdesk::ops::export::{self, Format, Target, PAGE};
use orderdesk::ops::{self};
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;

fn db(path: &std::path::Path) -> Db {
    Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap()
}

fn numbers(db: &Db, condition: &str) -> Vec<String> {
    let c = db.conn();
    let mut st = c
        .prepare(&format!(
            "SELECT number FROM returns WHERE {condition} ORDER BY id DESC"
        ))
        .unwrap();
    let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn the_return_list_exports_page_after_page_with_amounts_that_sum_to_the_fen() {
    let (dir, path) = demo_copy();
    let d = db(&path);
    // More returns than a page: copies of the demo's, numbered apart (without lines).
    d.conn()
        .execute(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1100) \
             INSERT INTO returns (number, order_id, customer_id, shipment_id, warehouse_id, \
               reason, note, undelivered, status, credit_minor, refund_minor, prepaid_minor, \
               settlement, cancel_reason, created_by, created_at, updated_at) \
             SELECT printf('RMA-2025-%06d', k.i), r.order_id, r.customer_id, r.shipment_id, \
               r.warehouse_id, r.reason, r.note, r.undelivered, r.status, r.credit_minor + k.i, \
               r.refund_minor, r.prepaid_minor, r.settlement, r.cancel_reason, r.created_by, \
               r.created_at, r.updated_at \
             FROM k JOIN returns r ON r.id = (SELECT max(id) FROM returns WHERE status = 'closed')",
            [],
        )
        .unwrap();
    let finance = demo_actor(&d, "finance");
    let file = dir.path().join("returns.xlsx");
    export::export(
        &d,
        &finance,
        &Returns::default(),
        Format::Xlsx,
        &Target::File(file.clone()),
        Lang::Zh,
    )
    .unwrap();
    let rows = read_xlsx(&file);
    let all = numbers(&d, "1");
    assert!(all.len() as i64 > PAGE, "more than a page");
    let got: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(got, all, "every return once, newest first");
    for (heading, sql) in [
        ("冲账金额", "SELECT SUM(credit_minor) FROM returns"),
        ("退款", "SELECT SUM(refund_minor) FROM returns"),
        ("转预收款", "SELECT SUM(prepaid_minor) FROM returns"),
    ] {
        let c = column(&rows[0], heading);
        let sum: Decimal = rows[1..].iter().map(|r| exact(&r[c])).sum();
        assert_eq!(
            sum,
            Money::from_minor(sql_sum(&d, sql)).as_decimal(),
            "{heading}"
        );
    }
    let qty = column(&rows[0], "退货数量");
    let sum: Decimal = rows[1..].iter().map(|r| exact(&r[qty])).sum();
    assert_eq!(
        sum,
        Decimal::new(sql_sum(&d, "SELECT SUM(qty) FROM return_lines"), 3)
    );
    assert!(sum > Decimal::ZERO);
    let opened = column(&rows[0], "开单时间");
    assert!(
        matches!(rows[1][opened], Data::DateTime(_)),
        "{:?}",
        rows[1][opened]
    );
    let state = column(&rows[0], "状态");
    let states: Vec<String> = rows[1..].iter().map(|r| r[state].to_string()).collect();
    assert!(
        !states
            .iter()
            .any(|s| s == "partly_received" || s == "credited"),
        "codes through the catalogue"
    );

    // One state, as its tab shows it.
    let credited = Returns {
        status: Some(ReturnStatus::Credited),
    };
    let file = dir.path().join("credited.csv");
    export::export(
        &d,
        &finance,
        &credited,
        Format::Csv,
        &Target::File(file.clone()),
        Lang::En,
    )
    .unwrap();
    let rows = read_csv(&file);
    let got: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(got, numbers(&d, "status = 'credited'"));
    assert!(!got.is_empty(), "the demo has credited returns");
    let c = rows[0].iter().position(|h| h == "Credited").unwrap();
    let sum: Decimal = rows[1..]
        .iter()
        .map(|r| Decimal::from_str_exact(&r[c]).expect("a plain amount"))
        .sum();
    assert_eq!(
        sum,
        Money::from_minor(sql_sum(
            &d,
            "SELECT SUM(credit_minor) FROM returns WHERE status = 'credited'"
        ))
        .as_decimal()
    );
}

#[test]
fn f12_on_the_return_list_exports_the_state_shown_and_the_command_line_names_it() {
    let (dir, path) = demo_copy();
    let out = dir.path().join("exports");
    std::fs::create_dir(&out).unwrap();
    let mut ui = Ui::new(&path, Lang::En, 80, 24).unwrap();
    ui.login("finance");
    ui.go(Route::Returns);
    assert_eq!(ui.on(), "returns");
    // All, open, partly received, received.
    ui.key(KeyCode::Right)
        .key(KeyCode::Right)
        .key(KeyCode::Right);
    ui.key(KeyCode::F(12));
    assert_eq!(ui.app.top_layer(), Some("export"));
    ui.key(KeyCode::Down);
    ui.ctrl('u')
        .text(&out.display().to_string())
        .key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    let started = std::time::Instant::now();
    while !ui.status().starts_with("Exported") && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        ui.app.tick();
    }
    assert!(ui.status().starts_with("Exported"), "{}", ui.status());
    let files = files_in(&out);
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("returns-") && name.ends_with(".xlsx"),
        "{name}"
    );
    let d = db(&path);
    let received = numbers(&d, "status = 'received'");
    assert!(!received.is_empty());
    let rows = read_xlsx(&files[0]);
    assert_eq!(rows[0][0], Data::String("Return".into()));
    let got: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(
        got, received,
        "the received returns, as the tab showed them"
    );

    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
            .arg("--db")
            .arg(&path)
            .args(["--user", "finance", "--lang", "en"])
            .env("ORDERDESK_PASSWORD", ops::demo::DEMO_PASSWORD)
            .args(args)
            .output()
            .expect("orderdesk runs")
    };
    let file = dir.path().join("cancelled.csv");
    let o = run(&[
        "export",
        "returns",
        "--status",
        "cancelled",
        "--format",
        "csv",
        "--out",
        &file.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        read_csv(&file).len(),
        numbers(&d, "status = 'cancelled'").len() + 1
    );
    let o = run(&["export", "returns", "--status", "lost", "--out", "x.csv"]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("returns has no status \"lost\""),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
