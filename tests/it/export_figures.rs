//! Export of the analysis screen's tables (数据分析) on the demo company's business
//! day: every table read back from its XLSX file equals what `ops::figures` reads, and
//! its amounts sum, to the fen, to a plain SQL recount of the period; dates are Excel
//! dates, shares percentages and processing times durations; the screen's F12 exports
//! the section shown for the period shown; the command line names every table and
//! refuses a comparison it cannot read and a period of more than ten years.

use std::path::{Path, PathBuf};

use calamine::Data;
use crossterm::event::KeyCode;
use rust_decimal::Decimal;

use crate::export::{column, exact, files_in, read_csv, read_xlsx, sql_sum};
use crate::world::*;
use orderdesk::domain::figures::{change_basis_points, Period};
use orderdesk::domain::money::Money;
use orderdesk::i18n::Lang;
use orderdesk::ops::export::figures::{Figures, Table};
use orderdesk::ops::export::{self, Format, Target};
use orderdesk::ops::figures::{self as fig, Dimension, Stage};
use orderdesk::ops::{self, clock, Actor};
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::figures::FiguresView;

fn nov(from: &str, to: &str) -> Period {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Period::new(d(from), d(to)).unwrap()
}

/// The demo's November so far, and the same days of October.
fn periods() -> (Period, Period) {
    (
        nov("2026-11-01", "2026-11-28"),
        nov("2026-10-01", "2026-10-28"),
    )
}

fn write(db: &Db, who: &Actor, source: &Figures, file: &Path, lang: Lang) -> PathBuf {
    let format = if file.extension().is_some_and(|e| e == "csv") {
        Format::Csv
    } else {
        Format::Xlsx
    };
    export::export(db, who, source, format, &Target::File(file.into()), lang)
        .unwrap_or_else(|e| panic!("{}: {e:?}", source.table.name()))
        .path
}

fn sum_of(rows: &[Vec<Data>], col: usize) -> Decimal {
    rows[1..].iter().map(|r| exact(&r[col])).sum()
}

fn money(minor: i64) -> Decimal {
    Money::from_minor(minor).as_decimal()
}

/// The seconds of a duration cell (Excel counts days).
fn seconds(cell: &Data) -> Option<i64> {
    match cell {
        Data::DateTime(d) if d.is_duration() => Some((d.as_f64() * 86_400.0).round() as i64),
        Data::Empty => None,
        other => panic!("not a duration: {other:?}"),
    }
}

/// A percentage cell as basis points.
fn basis_points(cell: &Data) -> i64 {
    match cell {
        Data::Float(x) => (x * 10_000.0).round() as i64,
        other => panic!("not a percentage: {other:?}"),
    }
}

fn orders_recount(db: &Db, p: Period) -> i64 {
    sql_sum(
        db,
        &format!(
            "SELECT COALESCE(SUM(gross_minor), 0) FROM orders WHERE order_date BETWEEN '{}' AND '{}' \
             AND stage NOT IN ('draft', 'cancelled')",
            p.from, p.to
        ),
    )
}

#[test]
fn every_table_reads_back_as_the_figures_with_amounts_that_sum_to_the_recount() {
    let (dir, path) = demo_copy();
    clock::fixed(orderdesk::ui::shots::moment(), || {
        let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
        let manager = demo_actor(&db, "manager");
        let (p, before) = periods();
        let file = |t: Table| dir.path().join(format!("{}.xlsx", t.name()));
        let table = |t: Table| {
            let source = Figures {
                table: t,
                period: p,
                compared: Some(before),
            };
            read_xlsx(&write(&db, &manager, &source, &file(t), Lang::Zh))
        };
        let now = fig::summary(&db, p).unwrap();
        let was = fig::summary(&db, before).unwrap();
        let ordered = orders_recount(&db, p);
        assert_eq!(now.sales.total.orders.amount.minor(), ordered);
        assert!(ordered > 0, "the demo's November has orders");

        // Sales by day: every day of the period, dates as dates, sums to the fen.
        let rows = table(Table::Daily);
        assert_eq!(rows.len(), 28 + 1, "a row per day, no total row");
        assert!(
            matches!(&rows[1][0], Data::DateTime(d) if d.is_datetime()),
            "{:?}",
            rows[1][0]
        );
        assert_eq!(sum_of(&rows, column(&rows[0], "订单金额")), money(ordered));
        assert_eq!(
            sum_of(&rows, column(&rows[0], "收款金额")),
            money(sql_sum(
                &db,
                "SELECT SUM(amount_minor) FROM payments WHERE pay_date BETWEEN '2026-11-01' AND '2026-11-28'"
            ))
        );
        assert_eq!(
            sum_of(&rows, column(&rows[0], "开票金额")),
            money(sql_sum(
                &db,
                "SELECT COALESCE(SUM(gross_minor), 0) FROM invoices WHERE kind = 'invoice' \
                 AND invoice_date BETWEEN '2026-11-01' AND '2026-11-28'"
            ))
        );
        assert_eq!(
            sum_of(&rows, column(&rows[0], "订单数")),
            Decimal::from(now.sales.total.orders.count)
        );

        // The rankings: every row (no top N), the same total whatever the grouping.
        for d in Dimension::ALL {
            let rows = table(Table::Ranking(d));
            let ranking = fig::ranking(&db, p, d).unwrap();
            assert_eq!(rows.len(), ranking.rows.len() + 1, "{d:?}");
            assert_eq!(
                sum_of(&rows, column(&rows[0], "金额")),
                ranking.total.amount.as_decimal(),
                "{d:?}"
            );
            if d != Dimension::Product {
                assert_eq!(ranking.total.amount.minor(), ordered, "{d:?}");
            }
            assert_eq!(rows[1][0], Data::Float(1.0), "ranked from 1");
            let compared = column(&rows[0], "对比期金额");
            let before_ranking = fig::ranking(&db, before, d).unwrap();
            assert_eq!(
                exact(&rows[1][compared]),
                before_ranking.amount_of(&ranking.rows[0]).as_decimal()
            );
            let first = &ranking.rows[0];
            let change = column(&rows[0], "变化");
            match change_basis_points(
                first.amount.minor(),
                before_ranking.amount_of(first).minor(),
            ) {
                Some(bp) => assert_eq!(basis_points(&rows[1][change]), bp),
                None => assert_eq!(rows[1][change], Data::Empty, "nothing to compare"),
            }
        }
        let channels = table(Table::Ranking(Dimension::Channel));
        let names: Vec<String> = channels[1..].iter().map(|r| r[2].to_string()).collect();
        assert!(
            names.iter().all(|n| !n.is_ascii()),
            "channels read through the catalogue: {names:?}"
        );
        let products = table(Table::Ranking(Dimension::Product));
        assert_eq!(
            products[0][4],
            Data::String("数量".into()),
            "a product's quantity"
        );

        // Processing times: one row per stage, medians as durations.
        let rows = table(Table::Times);
        let times = fig::processing_times(&db, p).unwrap();
        let times_before = fig::processing_times(&db, before).unwrap();
        assert_eq!(rows.len(), Stage::ALL.len() + 1);
        for (i, stage) in Stage::ALL.into_iter().enumerate() {
            let r = &rows[i + 1];
            assert_eq!(seconds(&r[2]), times.of(stage).median, "{stage:?}");
            assert_eq!(seconds(&r[3]), times.of(stage).p90, "{stage:?}");
            assert_eq!(seconds(&r[6]), times_before.of(stage).p90, "{stage:?}");
        }
        assert!(
            times.of(Stage::SubmitToSign).median.is_some(),
            "the demo signs for orders"
        );

        // On time by week: the counts add up to the period's rate.
        let rows = table(Table::OnTime);
        assert_eq!(rows.len(), now.on_time.weeks.len() + 1);
        let rate = now.on_time.rate;
        assert_eq!(sum_of(&rows, 1), Decimal::from(rate.whole));
        assert_eq!(sum_of(&rows, 2), Decimal::from(rate.part));
        assert!(rate.whole > 0, "the demo has deliveries with a date asked");

        // Aging as of today: the open receivables.
        let rows = table(Table::Aging);
        let aging = fig::aging(&db).unwrap();
        assert_eq!(rows.len(), aging.len() + 1);
        let open: i64 = aging.iter().map(|(_, m)| m.minor()).sum();
        assert_eq!(sum_of(&rows, 1), money(open));
        assert!(open > 0);

        // Staff: what each did adds up to the company's figures.
        let rows = table(Table::Staff);
        assert_eq!(rows.len(), fig::staff(&db, p).unwrap().len() + 1);
        assert_eq!(sum_of(&rows, column(&rows[0], "接单金额")), money(ordered));
        assert_eq!(
            sum_of(&rows, column(&rows[0], "收款金额")),
            now.sales.total.collected.amount.as_decimal()
        );

        // The summary beside the period compared with.
        let rows = table(Table::Summary);
        let row = |label: &str| {
            rows.iter()
                .find(|r| r[0] == Data::String(label.into()))
                .unwrap_or_else(|| panic!("no row {label}: {rows:?}"))
        };
        let amount = row("订单金额");
        assert_eq!(exact(&amount[1]), money(ordered));
        assert_eq!(
            exact(&amount[2]),
            was.sales.total.orders.amount.as_decimal()
        );
        assert_eq!(
            Some(basis_points(&amount[3])),
            change_basis_points(ordered, was.sales.total.orders.amount.minor())
        );
        assert_eq!(
            Some(basis_points(&row("准时交付率")[1])),
            now.on_time.rate.basis_points()
        );
        assert_eq!(
            seconds(&row("提交→签收中位数")[1]),
            times.of(Stage::SubmitToSign).median
        );
        assert!(rows.iter().all(|r| r.len() == 4), "every row as wide");
    });
}

#[test]
fn without_a_comparison_the_columns_go_and_csv_reads_in_english() {
    let (dir, path) = demo_copy();
    clock::fixed(orderdesk::ui::shots::moment(), || {
        let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
        let finance = demo_actor(&db, "finance");
        let (p, _) = periods();
        let source = Figures {
            table: Table::Daily,
            period: p,
            compared: None,
        };
        let rows = read_csv(&write(
            &db,
            &finance,
            &source,
            &dir.path().join("daily.csv"),
            Lang::En,
        ));
        assert_eq!(rows[0][0], "Date");
        assert_eq!(rows[1][0], "2026-11-01");
        let c = rows[0].iter().position(|h| h == "Order amount").unwrap();
        let sum: Decimal = rows[1..]
            .iter()
            .map(|r| Decimal::from_str_exact(&r[c]).expect("a plain amount"))
            .sum();
        assert_eq!(sum, money(orders_recount(&db, p)));
        let ranking = Figures {
            table: Table::Ranking(Dimension::Customer),
            period: p,
            compared: None,
        };
        let rows = read_csv(&write(
            &db,
            &finance,
            &ranking,
            &dir.path().join("customers.csv"),
            Lang::En,
        ));
        assert_eq!(
            rows[0],
            ["Rank", "Code", "Name", "Orders", "Amount", "Share"],
            "no compared columns without a comparison"
        );
        assert!(rows[1][5].ends_with('%'), "{:?}", rows[1]);

        // Figures are for those who may view reports, as the screen is.
        let sales = demo_actor(&db, "sales");
        let e = export::export(
            &db,
            &sales,
            &source,
            Format::Xlsx,
            &Target::File(dir.path().join("no.xlsx")),
            Lang::Zh,
        )
        .unwrap_err();
        assert!(matches!(e, ops::Error::PermissionDenied { .. }), "{e:?}");
        assert!(!dir.path().join("no.xlsx").exists());
    });
}

#[test]
fn f12_on_the_analysis_screen_exports_the_section_shown_for_the_period_shown() {
    let (dir, path) = demo_copy();
    let out = dir.path().join("exports");
    std::fs::create_dir(&out).unwrap();
    clock::fixed(orderdesk::ui::shots::moment(), || {
        let mut ui = Ui::new(&path, Lang::Zh, 120, 30).unwrap();
        ui.login("manager");
        ui.go(Route::Figures);
        ui.settle();
        assert!(ui.screen().contains("F12 导出"), "{}", ui.screen());
        // The ranking, by product.
        ui.key(KeyCode::F(8));
        let v = ui.view::<FiguresView>().unwrap();
        assert_eq!(v.table(), Table::Ranking(Dimension::Product));
        let period = v.period;
        ui.key(KeyCode::F(12));
        assert_eq!(ui.app.top_layer(), Some("export"));
        let screen = ui.screen();
        assert!(
            screen.contains("商品排行 2026-11-01 – 2026-11-28"),
            "the section shown comes first: {screen}"
        );
        // The format stays Excel; the folder.
        ui.key(KeyCode::Down);
        ui.ctrl('u')
            .text(&out.display().to_string())
            .key(KeyCode::F(5));
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
            name.starts_with("figures-products-") && name.ends_with(".xlsx"),
            "{name}"
        );
        let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
        let ranking = fig::ranking(&db, period, Dimension::Product).unwrap();
        let rows = read_xlsx(&files[0]);
        assert_eq!(rows.len(), ranking.rows.len() + 1);
        assert_eq!(
            sum_of(&rows, column(&rows[0], "金额")),
            ranking.total.amount.as_decimal()
        );
        assert_eq!(rows[1][1], Data::String(ranking.rows[0].code.clone()));
        assert!(
            rows[0].contains(&Data::String("对比期金额".into())),
            "compared as on screen"
        );
    });
}

#[test]
fn the_command_line_names_every_table_and_refuses_what_it_cannot_read() {
    let (dir, path) = demo_copy();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
            .arg("--db")
            .arg(&path)
            .args(["--user", "manager", "--lang", "en"])
            .env("ORDERDESK_PASSWORD", ops::demo::DEMO_PASSWORD)
            .args(args)
            .output()
            .expect("orderdesk runs")
    };
    for t in Table::ALL {
        let file = dir.path().join(format!("{}.csv", t.name()));
        let o = run(&[
            "export",
            t.name(),
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-28",
            "--compare",
            "none",
            "--format",
            "csv",
            "--out",
            &file.display().to_string(),
        ]);
        assert!(
            o.status.success(),
            "{}: {}",
            t.name(),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!read_csv(&file).is_empty());
    }
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let rows = read_csv(&dir.path().join("figures-daily.csv"));
    assert_eq!(rows.len(), 28 + 1);
    let sum: Decimal = rows[1..]
        .iter()
        .map(|r| Decimal::from_str_exact(&r[2]).unwrap())
        .sum();
    assert_eq!(
        sum,
        money(orders_recount(&db, nov("2026-11-01", "2026-11-28")))
    );

    // Last month against the year before, by name.
    let file = dir.path().join("last.xlsx");
    let o = run(&[
        "export",
        "figures-summary",
        "--period",
        "last-month",
        "--compare",
        "year",
        "--out",
        &file.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(read_xlsx(&file)[0].len(), 4, "compared and change");

    let o = run(&[
        "export",
        "figures-times",
        "--compare",
        "soon",
        "--out",
        "x.csv",
    ]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("Cannot read the comparison \"soon\""),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&[
        "export",
        "figures-daily",
        "--from",
        "2010-01-01",
        "--to",
        "2026-11-28",
        "--out",
        "x.csv",
    ]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("longer than 10 years"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&["export", "--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("figures-on-time"));
}
