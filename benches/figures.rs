//! Figures benchmarks (数据分析): every figure of the analysis screen for one month and
//! one year, each beside the bare SQL that computes it in the same run (alternating
//! runs, medians), and the analysis screen itself: key to first frame, and key to the
//! summary's figures and to every part, read off the drawing thread.
//!
//! `cargo bench --bench figures` uses `ORDERDESK_BENCH_DB` or `target/bench-large.db`
//! when one is there; else it builds `target/bench-figures.db` once: a year of history
//! at the large set's density (see `support/figures_data.rs`). It only reads. Words after
//! `--` run only the rows whose name holds one of them: `-- year staff`.

mod support;

#[path = "support/figures_data.rs"]
mod figures_data;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdesk::config::JournalSetting;
use orderdesk::i18n::Lang;
use orderdesk::ops::figures::{self as fig, Dimension, Period};
use orderdesk::store::figures::{flow, sales, staff};
use orderdesk::store::Db;
use orderdesk::ui::app::App;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::figures::FiguresView;
use orderdesk::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rusqlite::{params, Connection};
use support::{measure_pair, read_all, row, selected};

/// The database: the large demo's if there, else the figures' own.
fn open() -> (PathBuf, Db, Connection, &'static str) {
    let env = std::env::var_os("ORDERDESK_BENCH_DB").map(PathBuf::from);
    let large = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-large.db");
    if env.is_some() || large.exists() {
        let (p, db, bare) = support::open_bench_db();
        return (p, db, bare, "the large demo database");
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-figures.db");
    if !path.exists() {
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        figures_data::build(&path, today);
    }
    let db = Db::open(&path, JournalSetting::Auto).expect("open");
    let bare = Connection::open(&path).expect("open bare");
    bare.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; \
         PRAGMA cache_size = -32000;",
    )
    .unwrap();
    (
        path,
        db,
        bare,
        "the figures' own year at the large set's density",
    )
}

fn count_rows(bare: &Connection, sql: &str, p: &[String]) -> usize {
    let mut st = bare.prepare_cached(sql).unwrap();
    let n = st
        .query_map(rusqlite::params_from_iter(p.iter()), read_all)
        .unwrap()
        .count();
    n
}

fn main() {
    let (path, db, bare, what) = open();
    let last: String = bare
        .query_row("SELECT max(order_date) FROM orders", [], |r| r.get(0))
        .unwrap();
    let last = NaiveDate::parse_from_str(&last, "%Y-%m-%d").unwrap();
    let orders: i64 = bare
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    println!("{orders} orders in {what}, the last on {last}");
    // The last whole month, and the year up to the last order.
    let month_end = last.with_day(1).unwrap().pred_opt().unwrap();
    let month = Period::new(month_end.with_day(1).unwrap(), month_end).unwrap();
    let year = Period::new(last - chrono::Duration::days(364), last).unwrap();
    let offset = 480;
    for (label, p, n) in [("month", month, 20usize), ("year", year, 5)] {
        if !selected(label) && !selected("figures") {
            continue;
        }
        let before = p.previous().unwrap();
        println!(
            "\n{label}: {} (compared with {})",
            p.label(),
            before.label()
        );
        bench_period(&db, &bare, label, p, offset, n);
    }
    if selected("screen") {
        bench_screen(&path, last, month);
    }
    println!("\nfile: {}", path.display());
}

fn bench_period(db: &Db, bare: &Connection, label: &str, p: Period, offset: i64, n: usize) {
    let dates = vec![p.from.to_string(), p.to.to_string()];
    let (from_at, until) = p.instants(offset);
    let instants = vec![from_at, until];
    let day_sqls = [
        sales::ORDERS_BY_DAY_SQL,
        sales::SHIPMENTS_BY_DAY_SQL,
        sales::INVOICES_BY_DAY_SQL,
        sales::PAYMENTS_BY_DAY_SQL,
    ];
    let (ours, base) = measure_pair(
        n,
        |_| {
            fig::sales(db, p).unwrap();
        },
        |_| {
            for sql in day_sqls {
                count_rows(bare, sql, &dates);
            }
        },
    );
    row(
        &format!("{label}: sales per day (4 sums)"),
        &ours,
        &base,
        "≤ 2×",
    );
    let (ours, base) = measure_pair(
        n,
        |_| {
            fig::on_time(db, p).unwrap();
        },
        |_| {
            count_rows(bare, flow::SIGNED_BY_DAY_SQL, &dates);
        },
    );
    row(&format!("{label}: on-time by week"), &ours, &base, "≤ 2×");
    let (ours, base) = measure_pair(
        n,
        |_| {
            fig::decisions(db, p).unwrap();
        },
        |_| {
            count_rows(bare, flow::DECISIONS_SQL, &instants);
        },
    );
    row(
        &format!("{label}: approval decisions"),
        &ours,
        &base,
        "≤ 2×",
    );
    let (ours, base) = measure_pair(
        n,
        |_| {
            fig::summary(db, p).unwrap();
        },
        |_| {
            for sql in day_sqls {
                count_rows(bare, sql, &dates);
            }
            count_rows(bare, flow::SIGNED_BY_DAY_SQL, &dates);
            count_rows(bare, flow::DECISIONS_SQL, &instants);
        },
    );
    row(
        &format!("{label}: summary (all of the above)"),
        &ours,
        &base,
        "≤ 2×",
    );
    for (d, sql) in [
        (Dimension::Customer, sales::ORDERS_BY_CUSTOMER_SQL),
        (Dimension::Product, sales::LINES_BY_PRODUCT_SQL),
        (Dimension::Channel, sales::ORDERS_BY_CHANNEL_SQL),
        (Dimension::Salesperson, sales::ORDERS_BY_SALESPERSON_SQL),
    ] {
        let mut rows = 0;
        let (ours, base) = measure_pair(
            n,
            |_| {
                rows = fig::ranking(db, p, d).unwrap().rows.len();
            },
            |_| {
                count_rows(bare, sql, &dates);
            },
        );
        row(
            &format!("{label}: by {} ({rows})", d.as_str()),
            &ours,
            &base,
            "≤ 2×",
        );
    }
    let (ours, base) = measure_pair(
        n,
        |_| {
            fig::processing_times(db, p).unwrap();
        },
        |_| {
            count_rows(bare, flow::ORDER_TIMES_SQL, &dates);
        },
    );
    row(&format!("{label}: processing times"), &ours, &base, "≤ 2×");
    let (ours, base) = measure_pair(
        n,
        |_| {
            fig::staff(db, p).unwrap();
        },
        |_| {
            count_rows(bare, sales::ORDERS_BY_SALESPERSON_SQL, &dates);
            count_rows(bare, staff::PICK_STINTS_SQL, &instants);
            count_rows(bare, staff::PICK_ERRORS_SQL, &instants);
            count_rows(bare, staff::SHIPMENTS_BY_PERSON_SQL, &dates);
            count_rows(bare, staff::COLLECTIONS_SQL, &dates);
        },
    );
    row(&format!("{label}: staff performance"), &ours, &base, "≤ 2×");
    if label == "month" {
        let bounds: Vec<String> = [0i64, 30, 60, 90, 180]
            .iter()
            .map(|d| (p.to - chrono::Duration::days(*d)).to_string())
            .collect();
        let aging = "SELECT \
            COALESCE(SUM(CASE WHEN due_date >= ?1 THEN open_minor END), 0), \
            COALESCE(SUM(CASE WHEN due_date < ?1 AND due_date >= ?2 THEN open_minor END), 0), \
            COALESCE(SUM(CASE WHEN due_date < ?2 AND due_date >= ?3 THEN open_minor END), 0), \
            COALESCE(SUM(CASE WHEN due_date < ?3 AND due_date >= ?4 THEN open_minor END), 0), \
            COALESCE(SUM(CASE WHEN due_date < ?4 AND due_date >= ?5 THEN open_minor END), 0), \
            COALESCE(SUM(CASE WHEN due_date < ?5 THEN open_minor END), 0) \
            FROM invoices WHERE open_minor > 0";
        let (ours, base) = measure_pair(
            n,
            |_| {
                fig::aging(db).unwrap();
            },
            |_| {
                bare.prepare_cached(aging)
                    .unwrap()
                    .query_row(
                        params![bounds[0], bounds[1], bounds[2], bounds[3], bounds[4]],
                        read_all,
                    )
                    .unwrap();
            },
        );
        row("aging of open receivables (today)", &ours, &base, "≤ 2×");
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ms(d: Duration) -> String {
    format!("{:>9.1} ms", d.as_secs_f64() * 1e3)
}

/// The analysis screen as the terminal application runs it, its clock at the last
/// order's day: opened on this month, then switched to this year (F6 twice: last month,
/// this year). Key to the frame drawn, key to the summary's figures, key to every part.
fn bench_screen(path: &std::path::Path, last: NaiveDate, month: Period) {
    let moment = (last.and_hms_opt(18, 0, 0).unwrap() - chrono::Duration::hours(8)).and_utc();
    orderdesk::ops::clock::fixed(moment, || {
        let mut runs: Vec<[Duration; 6]> = Vec::new();
        for _ in 0..5 {
            let mut db = Db::open(path, JournalSetting::Auto).unwrap();
            db.set_busy_deadline(Duration::from_millis(300));
            let mut app = App::new(
                db,
                Lang::Zh,
                Theme {
                    color: true,
                    ascii_borders: false,
                },
            );
            app.set_size(80, 24);
            for c in "manager".chars() {
                app.handle_key(key(KeyCode::Char(c)));
            }
            app.handle_key(key(KeyCode::Tab));
            for c in orderdesk::ops::demo::DEMO_PASSWORD.chars() {
                app.handle_key(key(KeyCode::Char(c)));
            }
            app.handle_key(key(KeyCode::Enter));
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            let mut times = [Duration::ZERO; 6];
            // This month: open and draw, then wait for the summary and for everything.
            let t = Instant::now();
            app.go_to(Route::Figures);
            term.draw(|f| app.draw(f)).unwrap();
            times[0] = t.elapsed();
            let (summary, all) = wait(&mut app, &mut term, t);
            times[1] = summary;
            times[2] = all;
            // F6 to last month (read, then left), F6 again to this year.
            app.handle_key(key(KeyCode::F(6)));
            let t = Instant::now();
            app.handle_key(key(KeyCode::F(6)));
            term.draw(|f| app.draw(f)).unwrap();
            times[3] = t.elapsed();
            let (summary, all) = wait(&mut app, &mut term, t);
            times[4] = summary;
            times[5] = all;
            let v = app.screen.view::<FiguresView>().unwrap();
            assert!(v.period.days() > month.days(), "this year: {:?}", v.period);
            runs.push(times);
        }
        let median = |i: usize| {
            let mut v: Vec<Duration> = runs.iter().map(|r| r[i]).collect();
            v.sort();
            v[v.len() / 2]
        };
        println!(
            "\nthe analysis screen at 80×24, {} runs (medians):",
            runs.len()
        );
        println!(
            "  this month: first frame {}   summary in {}   all parts in {}",
            ms(median(0)),
            ms(median(1)),
            ms(median(2))
        );
        println!("  this year:  first frame {}   summary in {}   all parts in {}   (target: first frame < 200 ms)", ms(median(3)), ms(median(4)), ms(median(5)));
    });
}

/// Ticks and draws as the event loop does until the summary has arrived and until the
/// worker is done: the time from `t` to each.
fn wait(app: &mut App, term: &mut Terminal<TestBackend>, t: Instant) -> (Duration, Duration) {
    let mut summary = None;
    loop {
        if app.tick() {
            term.draw(|f| app.draw(f)).unwrap();
        }
        let v = app.screen.view::<FiguresView>().unwrap();
        if summary.is_none() && v.now.summary.is_some() {
            summary = Some(t.elapsed());
        }
        if !v.computing {
            return (summary.unwrap_or_else(|| t.elapsed()), t.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
