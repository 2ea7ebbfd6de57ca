//! Export benchmark: the order lines (订单明细) of 10,000 and of 100,000 lines to XLSX
//! (and CSV) through `ops::export`, each in a fresh process so that its peak resident
//! memory (VmHWM of /proc/self/status, reset before the export) is its own, beside the
//! bare read of the same
//! rows in one SQL statement. The point is that memory does not grow with the number
//! of rows: the rows are read a page of orders at a time and the workbook is written in
//! the writer's constant-memory mode.
//!
//! The data set is built by the bench itself (`target/bench-export.db`, made once): the
//! small demo company plus 10,000 closed orders of 10 lines each, written with bare SQL,
//! their order dates spread over 100 days so that 10 days hold 10,000 lines.
//! `cargo bench --bench export`; words after `--` choose rows (`xlsx`, `csv`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;
use orderdesk::config::JournalSetting;
use orderdesk::i18n::Lang;
use orderdesk::ops::export::{self, commerce::OrderLines, Format, Target};
use orderdesk::ops::orders::OrderFilter;
use orderdesk::ops::{auth, demo};
use orderdesk::store::Db;
use rusqlite::Connection;

/// Orders added to the demo, and lines per order.
const ORDERS: i64 = 10_000;
const LINES: i64 = 10;
/// The first day of the added orders; one day holds 100 orders (1,000 lines).
const FIRST_DAY: &str = "2020-01-01";

fn day(offset: i64) -> String {
    let first = NaiveDate::parse_from_str(FIRST_DAY, "%Y-%m-%d").unwrap_or_default();
    (first + chrono::Duration::days(offset)).to_string()
}

/// The peak and current resident memory of this process, in kB.
fn memory_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn data_set() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-export.db");
    if path.exists() {
        return path;
    }
    println!("building the data set at {} …", path.display());
    let t = Instant::now();
    let partial = path.with_extension("db.part");
    let _ = std::fs::remove_file(&partial);
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    demo::generate(
        &partial,
        JournalSetting::Auto,
        demo::Scale::Small,
        2026,
        as_of,
        &mut |_| {},
    )
    .expect("the small demo");
    let c = Connection::open(&partial).expect("open");
    c.execute_batch("BEGIN").unwrap();
    c.execute(
        "WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n + 1 < ?1) \
         INSERT INTO orders (number, customer_id, channel, order_date, terms, stage, price_mode, \
           net_minor, tax_minor, gross_minor, created_by, created_at, updated_at) \
         SELECT printf('BX-%07d', n), \
                (SELECT id FROM customers WHERE id >= (SELECT MIN(id) FROM customers) + (n % 40) \
                 ORDER BY id LIMIT 1), \
                'web', date(?2, '+' || (n / 100) || ' days'), 'cod', 'closed', 'inclusive', \
                ?3 * 885, ?3 * 115, ?3 * 1000, \
                (SELECT id FROM users ORDER BY id LIMIT 1), \
                '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z' \
         FROM k",
        rusqlite::params![ORDERS, FIRST_DAY, LINES],
    )
    .expect("orders");
    c.execute(
        "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?1) \
         INSERT INTO order_lines (order_id, line_no, product_id, qty, unit_price, discount_bp, \
           tax_bp, net_minor, tax_minor, gross_minor) \
         SELECT o.id, k.n, \
                (SELECT id FROM products \
                 WHERE id >= (SELECT MIN(id) FROM products) + ((o.id + k.n) % 80) \
                 ORDER BY id LIMIT 1), \
                1000 * ((o.id + k.n) % 7 + 1), 45000 + (o.id % 13) * 100, 0, 1300, 885, 115, 1000 \
         FROM orders o, k WHERE o.number LIKE 'BX-%'",
        [LINES],
    )
    .expect("lines");
    c.execute_batch("COMMIT").unwrap();
    drop(c);
    std::fs::rename(&partial, &path).expect("rename the data set");
    println!("built in {:.1} s", t.elapsed().as_secs_f64());
    path
}

/// One export in this process (the child): prints rows, seconds, the resident memory
/// before, the peak during the export, and the file's size.
fn child(path: &Path, format: Format, days: i64, small_cache: bool) {
    let db = Db::open(path, JournalSetting::Auto).expect("open");
    if small_cache {
        // SQLite's page cache (32 MiB in orderdesk) fills as more pages are read: with
        // 2 MiB, what remains is the export's own memory.
        db.conn()
            .execute_batch("PRAGMA cache_size = -2000")
            .expect("cache size");
    }
    let sales = auth::login(&db, "sales", demo::DEMO_PASSWORD).expect("login");
    let source = OrderLines {
        filter: OrderFilter {
            date_from: Some(day(0)),
            date_to: Some(day(days - 1)),
            ..OrderFilter::default()
        },
    };
    let out = tempfile::tempdir().expect("temp dir");
    // The login's password hash (Argon2) takes about 19 MB for a moment: the peak is
    // reset after it (Linux 4.0 and later), so that the one measured is the export's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let (_, before) = memory_kb();
    let t = Instant::now();
    let done = export::export(
        &db,
        &sales,
        &source,
        format,
        &Target::Folder {
            dir: out.path().to_path_buf(),
            create: false,
        },
        Lang::Zh,
    )
    .expect("exported");
    let secs = t.elapsed().as_secs_f64();
    let (after, _) = memory_kb();
    let size = std::fs::metadata(&done.path).map(|m| m.len()).unwrap_or(0);
    println!("{} {secs:.3} {before} {after} {size}", done.rows);
}

/// The same rows read by one bare statement, every column fetched: the floor of any
/// export.
fn bare_read(path: &Path, days: i64) -> (u64, f64) {
    let c = Connection::open(path).expect("open");
    let t = Instant::now();
    let mut st = c
        .prepare(
            "SELECT o.number, o.order_date, cu.name, o.stage, l.line_no, p.sku, p.name, p.spec, \
             p.unit, l.qty, l.unit_price, l.discount_bp, l.tax_bp, l.net_minor, l.tax_minor, \
             l.gross_minor, l.qty_shipped, l.qty_delivered, l.qty_invoiced, l.qty_cancelled \
             FROM orders o JOIN customers cu ON cu.id = o.customer_id \
             JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id \
             WHERE o.order_date BETWEEN ?1 AND ?2 ORDER BY o.order_date DESC, o.id DESC, l.line_no",
        )
        .expect("prepare");
    let mut rows = st.query([day(0), day(days - 1)]).expect("query");
    let mut n = 0u64;
    while let Ok(Some(r)) = rows.next() {
        let v: Vec<rusqlite::types::Value> = (0..20).filter_map(|i| r.get(i).ok()).collect();
        n += v.len() as u64 / 20;
    }
    (n, t.elapsed().as_secs_f64())
}

fn selected(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    words.is_empty() || words.iter().any(|w| name.contains(w.as_str()))
}

fn main() {
    if let Ok(spec) = std::env::var("ORDERDESK_EXPORT_CHILD") {
        let mut parts = spec.split(':');
        let path = PathBuf::from(parts.next().unwrap_or_default());
        let format = Format::parse(parts.next().unwrap_or("xlsx")).unwrap_or(Format::Xlsx);
        let days: i64 = parts.next().and_then(|d| d.parse().ok()).unwrap_or(10);
        let small_cache = parts.next() == Some("small");
        child(&path, format, days, small_cache);
        return;
    }
    let path = data_set();
    let exe = std::env::current_exe().expect("this bench");
    println!(
        "{:<28} {:>8} {:>9} {:>11} {:>11} {:>11} {:>10}",
        "export", "rows", "time s", "RSS before", "peak during", "grown MB", "file MB"
    );
    for (format, cache) in [
        (Format::Xlsx, "cache"),
        (Format::Csv, "cache"),
        (Format::Xlsx, "small"),
        (Format::Csv, "small"),
    ] {
        if !selected(format.extension()) {
            continue;
        }
        for days in [10, 100] {
            let out = Command::new(&exe)
                .env(
                    "ORDERDESK_EXPORT_CHILD",
                    format!("{}:{}:{days}:{cache}", path.display(), format.extension()),
                )
                .output()
                .expect("run the child");
            let text = String::from_utf8_lossy(&out.stdout);
            let f: Vec<f64> = text
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            if f.len() < 5 {
                println!(
                    "child failed: {text} {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                continue;
            }
            println!(
                "{:<28} {:>8} {:>9.2} {:>8} kB {:>8} kB {:>11.1} {:>10.1}",
                format!(
                    "order lines to {}{}",
                    format.extension(),
                    if cache == "small" {
                        ", 2 MiB cache"
                    } else {
                        ""
                    }
                ),
                f[0],
                f[1],
                f[2],
                f[3],
                (f[3] - f[2]) / 1024.0,
                f[4] / 1e6
            );
        }
    }
    for days in [10, 100] {
        let (n, secs) = bare_read(&path, days);
        println!("{:<28} {n:>8} {secs:>9.2}", "bare read, one statement");
    }
}
