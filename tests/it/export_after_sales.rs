//! Export of the after-sales and shortage lists: the ticket list with its filter and
//! whose tickets, the shortage list and the purchase requests, read back from their
//! XLSX and CSV files page after page in the screens' own order, quantities summing to
//! the database's sums, times in the company's time zone and codes through the
//! catalogue; F12 on the ticket list exports the filter shown; the command line names
//! the lists and refuses a filter they do not have.

use calamine::Data;
use chrono::Datelike;
use crossterm::event::KeyCode;
use rust_decimal::Decimal;

use crate::export::{column, exact, files_in, read_csv, read_xlsx, sql_sum};
use crate::world::*;
use orderdesk::i18n::Lang;
use orderdesk::ops::export::after_sales::{PurchaseRequests, Shortages, Tickets};
use orderdesk::ops::export::{self, Format, Source, Target, PAGE};
use orderdesk::ops::shortage::{self, RequestFilter};
use orderdesk::ops::tickets::{self, Scope, TicketFilter};
use orderdesk::ops::{self, Actor};
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;

fn db(path: &std::path::Path) -> Db {
    Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap()
}

fn write(db: &Db, who: &Actor, source: &dyn Source, file: &std::path::Path, lang: Lang) {
    let format = if file.extension().is_some_and(|e| e == "csv") {
        Format::Csv
    } else {
        Format::Xlsx
    };
    export::export(db, who, source, format, &Target::File(file.into()), lang)
        .unwrap_or_else(|e| panic!("{}: {e:?}", source.name()));
}

fn strings(db: &Db, sql: &str) -> Vec<String> {
    let c = db.conn();
    let mut st = c.prepare(sql).unwrap();
    let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// More tickets than a page holds: copies of the demo's tickets, numbered apart.
fn many_tickets(db: &Db, n: i64) {
    db.conn()
        .execute(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1) \
             INSERT INTO tickets (number, customer_id, order_id, shipment_id, product_id, kind, \
               severity, status, subject, owner_id, opened_by, opened_at, respond_by, resolve_by, \
               responded_at, resolution, resolved_at, closed_at, satisfaction, customer_words) \
             SELECT printf('TK-2025-%06d', k.i), t.customer_id, t.order_id, t.shipment_id, \
               t.product_id, t.kind, t.severity, t.status, t.subject, t.owner_id, t.opened_by, \
               t.opened_at, t.respond_by, t.resolve_by, t.responded_at, t.resolution, \
               t.resolved_at, t.closed_at, t.satisfaction, t.customer_words \
             FROM k JOIN tickets t ON t.id = (SELECT min(id) FROM tickets) + (k.i % 7)",
            [n],
        )
        .unwrap();
}

#[test]
fn tickets_export_page_after_page_in_the_lists_order_with_times_in_the_companys_zone() {
    let (dir, path) = demo_copy();
    let d = db(&path);
    many_tickets(&d, 1500);
    let sales = demo_actor(&d, "sales");
    let all = Tickets {
        scope: Scope::All,
        filter: TicketFilter::All,
        viewer: Some(sales.clone()),
    };
    let file = dir.path().join("tickets.xlsx");
    write(&d, &sales, &all, &file, Lang::Zh);
    let rows = read_xlsx(&file);
    let numbers = strings(&d, "SELECT number FROM tickets ORDER BY id DESC");
    assert!(numbers.len() as i64 > PAGE, "more than a page");
    let got: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(got, numbers, "every ticket once, newest first");
    let score = column(&rows[0], "满意度");
    let scores: Decimal = rows[1..]
        .iter()
        .filter(|r| r[score] != Data::Empty)
        .map(|r| exact(&r[score]))
        .sum();
    assert_eq!(
        scores,
        Decimal::from(sql_sum(&d, "SELECT SUM(satisfaction) FROM tickets"))
    );
    // The time a ticket opened, in China's time, as an Excel time.
    let opened = column(&rows[0], "登记时间");
    let Data::DateTime(t) = &rows[1][opened] else {
        panic!("an Excel time: {:?}", rows[1][opened]);
    };
    let stored: String = d
        .conn()
        .query_row(
            "SELECT opened_at FROM tickets WHERE number = ?1",
            [&numbers[0]],
            |r| r.get(0),
        )
        .unwrap();
    let local = chrono::DateTime::parse_from_rfc3339(&stored)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let (y, mo, day, h, mi, _, _) = t.to_ymd_hms_milli();
    assert_eq!(
        (
            i32::from(y),
            u32::from(mo),
            u32::from(day),
            u32::from(h),
            u32::from(mi)
        ),
        (
            local.year(),
            local.month(),
            local.day(),
            chrono::Timelike::hour(&local),
            chrono::Timelike::minute(&local)
        )
    );
    let state = column(&rows[0], "状态");
    let states: Vec<String> = rows[1..].iter().map(|r| r[state].to_string()).collect();
    assert!(states.iter().any(|s| s == "处理中"), "{states:?}");
    assert!(
        !states.iter().any(|s| s == "in_progress" || s == "open"),
        "codes through the catalogue"
    );

    // Each filter as the list shows it for the user looking.
    let by_list = |f| {
        tickets::tickets_page(&d, Some(&sales), Scope::All, f, None, 100_000)
            .unwrap()
            .into_iter()
            .map(|t| t.row.number)
            .collect::<Vec<_>>()
    };
    for f in [
        TicketFilter::Open,
        TicketFilter::Mine,
        TicketFilter::Overdue,
    ] {
        let file = dir.path().join("filtered.csv");
        let source = Tickets {
            scope: Scope::All,
            filter: f,
            viewer: Some(sales.clone()),
        };
        write(&d, &sales, &source, &file, Lang::En);
        let rows = read_csv(&file);
        assert_eq!(rows[0][0], "Ticket");
        let got: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
        let expected = by_list(f);
        assert!(!expected.is_empty(), "{f:?}");
        assert_eq!(got, expected, "{f:?}");
        if f == TicketFilter::Overdue {
            let late = rows[0].iter().position(|h| h == "Late").unwrap();
            assert!(
                rows[1..].iter().all(|r| !r[late].is_empty()),
                "an overdue ticket says which promise it broke"
            );
        }
    }
    // Nobody's "mine" without a viewer.
    let nobody = Tickets {
        scope: Scope::All,
        filter: TicketFilter::Mine,
        viewer: None,
    };
    let file = dir.path().join("nobody.csv");
    write(&d, &sales, &nobody, &file, Lang::En);
    assert_eq!(read_csv(&file).len(), 1, "the heading alone");

    // One customer's tickets.
    let first = tickets::tickets_page(&d, None, Scope::All, TicketFilter::All, None, 1)
        .unwrap()
        .remove(0)
        .row;
    let theirs = Tickets {
        scope: Scope::Customer(first.customer_id),
        filter: TicketFilter::All,
        viewer: None,
    };
    let file = dir.path().join("theirs.xlsx");
    write(&d, &sales, &theirs, &file, Lang::Zh);
    let rows = read_xlsx(&file);
    let code = column(&rows[0], "客户编号");
    assert!(rows.len() > 2);
    assert!(rows[1..]
        .iter()
        .all(|r| r[code] == Data::String(first.customer_code.clone())));
    assert_eq!(
        rows.len() as i64 - 1,
        sql_sum(
            &d,
            &format!(
                "SELECT count(*) FROM tickets WHERE customer_id = {}",
                first.customer_id
            )
        )
    );
}

#[test]
fn the_shortage_list_and_the_requests_export_with_quantities_that_sum_exactly() {
    let (dir, path) = demo_copy();
    let d = db(&path);
    let warehouse = demo_actor(&d, "warehouse");
    let file = dir.path().join("shortages.xlsx");
    write(&d, &warehouse, &Shortages, &file, Lang::Zh);
    let rows = read_xlsx(&file);
    let listed: Vec<String> = shortage::shortage_page(&d, None, 10_000)
        .unwrap()
        .into_iter()
        .map(|s| s.sku)
        .collect();
    assert!(!listed.is_empty(), "the demo is short of something");
    let got: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(got, listed, "the most urgent first, as on screen");
    let short = column(&rows[0], "缺货数量");
    let sum: Decimal = rows[1..].iter().map(|r| exact(&r[short])).sum();
    assert_eq!(
        sum,
        Decimal::new(
            sql_sum(
                &d,
                "SELECT SUM(qty_backordered) FROM order_lines WHERE qty_backordered > 0"
            ),
            3
        )
    );
    let wanted = column(&rows[0], "最早要求日期");
    assert!(
        rows[1..]
            .iter()
            .any(|r| matches!(r[wanted], Data::DateTime(_))),
        "dates as dates"
    );

    // More requests than a page: copies of the demo's, numbered apart.
    d.conn()
        .execute(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1200) \
             INSERT INTO purchase_requests (number, kind, product_id, supplier, qty, qty_received, \
               expected_date, status, note, created_by, created_at, ordered_by, ordered_at, \
               closed_at, cancel_reason) \
             SELECT printf('PR-2025-%06d', k.i), r.kind, r.product_id, r.supplier, r.qty + k.i, \
               r.qty_received, r.expected_date, r.status, r.note, r.created_by, r.created_at, \
               r.ordered_by, r.ordered_at, r.closed_at, r.cancel_reason \
             FROM k JOIN purchase_requests r ON r.id = (SELECT min(id) FROM purchase_requests)",
            [],
        )
        .unwrap();
    for (filter, condition) in [
        (RequestFilter::All, "1"),
        (RequestFilter::Pending, "status IN ('open', 'ordered')"),
    ] {
        let file = dir.path().join("requests.xlsx");
        write(
            &d,
            &warehouse,
            &PurchaseRequests { filter },
            &file,
            Lang::Zh,
        );
        let rows = read_xlsx(&file);
        let numbers = strings(
            &d,
            &format!("SELECT number FROM purchase_requests WHERE {condition} ORDER BY id DESC"),
        );
        assert!(numbers.len() as i64 > PAGE, "{filter:?}");
        let got: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
        assert_eq!(got, numbers, "{filter:?}");
        let qty = column(&rows[0], "数量");
        let sum: Decimal = rows[1..].iter().map(|r| exact(&r[qty])).sum();
        assert_eq!(
            sum,
            Decimal::new(
                sql_sum(
                    &d,
                    &format!("SELECT SUM(qty) FROM purchase_requests WHERE {condition}")
                ),
                3
            ),
            "{filter:?}"
        );
        let expected = column(&rows[0], "预计到货");
        assert!(matches!(rows[1][expected], Data::DateTime(_)));
    }

    // Read only by those whose screens they are.
    let sales = demo_actor(&d, "sales");
    for source in [
        Box::new(Shortages) as Box<dyn Source>,
        Box::new(PurchaseRequests::default()),
    ] {
        let e = export::export(
            &d,
            &sales,
            source.as_ref(),
            Format::Csv,
            &Target::File(dir.path().join("no.csv")),
            Lang::Zh,
        )
        .unwrap_err();
        assert!(matches!(e, ops::Error::PermissionDenied { .. }), "{e:?}");
    }
    assert!(!dir.path().join("no.csv").exists());
}

#[test]
fn f12_on_the_ticket_list_exports_the_filter_shown() {
    let (dir, path) = demo_copy();
    let out = dir.path().join("exports");
    std::fs::create_dir(&out).unwrap();
    let mut ui = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
    ui.login("sales");
    ui.go(Route::Tickets);
    // Open, mine, overdue.
    ui.key(KeyCode::Right).key(KeyCode::Right);
    assert!(ui.screen().contains("客诉单 · 逾期"), "{}", ui.screen());
    // The help lists the key, whatever the bar has room for.
    ui.key(KeyCode::F(1));
    assert!(ui.screen().contains("F12 / Ctrl+W"), "{}", ui.screen());
    ui.key(KeyCode::Esc);
    ui.key(KeyCode::F(12));
    assert_eq!(ui.app.top_layer(), Some("export"));
    // CSV, then the folder.
    ui.key(KeyCode::Right).key(KeyCode::Down);
    ui.ctrl('u')
        .text(&out.display().to_string())
        .key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    let started = std::time::Instant::now();
    while !ui.status().starts_with("已导出") && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        ui.app.tick();
    }
    assert!(ui.status().starts_with("已导出"), "{}", ui.status());
    let files = files_in(&out);
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("tickets-") && name.ends_with(".csv"),
        "{name}"
    );
    let d = db(&path);
    let sales = demo_actor(&d, "sales");
    let overdue: Vec<String> = tickets::tickets_page(
        &d,
        Some(&sales),
        Scope::All,
        TicketFilter::Overdue,
        None,
        1000,
    )
    .unwrap()
    .into_iter()
    .map(|t| t.row.number)
    .collect();
    assert!(!overdue.is_empty());
    let rows = read_csv(&files[0]);
    assert_eq!(rows[0][0], "单号");
    let got: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(got, overdue, "the overdue tickets, as the list showed them");

    // The shortage list and the requests open the layer too.
    let mut ui = Ui::new(&path, Lang::En, 120, 30).unwrap();
    ui.login("warehouse");
    for route in [Route::Shortages, Route::Purchases] {
        ui.go(route.clone());
        let bar = ui.screen().lines().last().unwrap_or_default().to_string();
        assert!(bar.contains("F12"), "wide, the bar has room: {bar}");
        ui.ctrl('w');
        assert_eq!(ui.app.top_layer(), Some("export"), "{route:?}");
        ui.key(KeyCode::Esc);
        assert_eq!(ui.app.top_layer(), None);
    }
}

#[test]
fn the_command_line_exports_the_lists_by_name_with_their_filters() {
    let (dir, path) = demo_copy();
    let run = |user: &str, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
            .arg("--db")
            .arg(&path)
            .args(["--user", user, "--lang", "en"])
            .env("ORDERDESK_PASSWORD", ops::demo::DEMO_PASSWORD)
            .args(args)
            .output()
            .expect("orderdesk runs")
    };
    let d = db(&path);
    let file = dir.path().join("mine.csv");
    let o = run(
        "sales",
        &[
            "export",
            "tickets",
            "--status",
            "mine",
            "--format",
            "csv",
            "--out",
            &file.display().to_string(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sales = demo_actor(&d, "sales");
    let mine = tickets::tickets_page(&d, Some(&sales), Scope::All, TicketFilter::Mine, None, 1000)
        .unwrap();
    assert!(!mine.is_empty());
    assert_eq!(read_csv(&file).len(), mine.len() + 1, "mine are the user's");
    let customer = mine[0].row.customer_code.clone();
    let o = run(
        "sales",
        &[
            "export",
            "tickets",
            "--customer",
            &customer,
            "--format",
            "csv",
            "--out",
            &file.display().to_string(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = read_csv(&file);
    assert!(rows[1..].iter().all(|r| r[2] == customer), "{rows:?}");

    let file = dir.path().join("received.xlsx");
    let o = run(
        "warehouse",
        &[
            "export",
            "purchase-requests",
            "--status",
            "all",
            "--out",
            &file.display().to_string(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        read_xlsx(&file).len() as i64,
        count_rows(&d, "purchase_requests") + 1
    );
    let file = dir.path().join("short.xlsx");
    let o = run(
        "warehouse",
        &["export", "shortages", "--out", &file.display().to_string()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(read_xlsx(&file).len() > 1);

    let o = run(
        "sales",
        &["export", "tickets", "--status", "late", "--out", "x.csv"],
    );
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("tickets has no status \"late\""),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(
        "warehouse",
        &[
            "export",
            "purchase-requests",
            "--status",
            "lost",
            "--out",
            "x.csv",
        ],
    );
    assert!(!o.status.success());
    let o = run(
        "sales",
        &[
            "export",
            "tickets",
            "--customer",
            "NOBODY",
            "--out",
            "x.csv",
        ],
    );
    assert!(!o.status.success());
    assert!(!std::path::Path::new("x.csv").exists());
}
