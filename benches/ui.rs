//! Screen benchmarks on the `large` demo database, in-process on a test terminal:
//! start to first frame and peak memory, key-to-finished-frame for scrolling the order
//! list and for adding a scanned line, and the render time of the order list beside a
//! bare ratatui frame of a 60-row, 8-column table with Chinese text.
//!
//! `cargo bench --bench ui` uses `ORDERDESK_BENCH_DB` or `target/bench-large.db`.
//! Times exclude writing to a real terminal.

mod support;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdesk::config::JournalSetting;
use orderdesk::i18n::Lang;
use orderdesk::store::Db;
use orderdesk::ui::app::App;
use orderdesk::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::layout::Constraint;
use ratatui::widgets::{Block, Borders, Row, Table};
use ratatui::Terminal;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let n = v.len();
    (v[n / 2], v[(n * 99 / 100).min(n - 1)])
}

fn ms(d: Duration) -> String {
    format!("{:>8.3} ms", d.as_secs_f64() * 1e3)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn app(path: &std::path::Path, h: u16) -> App {
    app_in(path, h, JournalSetting::Auto)
}

fn app_in(path: &std::path::Path, h: u16, mode: JournalSetting) -> App {
    let mut db = Db::open(path, mode).unwrap();
    // As the terminal application runs it (ui::run).
    db.set_busy_deadline(Duration::from_millis(300));
    let mut app = App::new(
        db,
        Lang::Zh,
        Theme {
            color: true,
            ascii_borders: false,
        },
    );
    app.set_height(h);
    app
}

fn login(app: &mut App, user: &str) {
    for c in user.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
    app.handle_key(key(KeyCode::Tab));
    for c in orderdesk::ops::demo::DEMO_PASSWORD.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
    app.handle_key(key(KeyCode::Enter));
}

fn main() {
    // Start to first frame first, while the process is fresh, for the memory figure.
    let path = std::env::var_os("ORDERDESK_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-large.db")
        });
    if !path.exists() {
        let _ = support::open_bench_db();
    }
    let t = Instant::now();
    let mut first = app(&path, 24);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| first.draw(f)).unwrap();
    let start = t.elapsed();
    let rss = peak_rss_mb();
    println!(
        "start to first frame (open + login screen): {}   peak memory {rss:.1} MB",
        ms(start)
    );
    drop(first);

    // Key to frame, in WAL and in rollback-journal (DELETE) mode, and in DELETE mode
    // again while another connection keeps taking the write lock (a colleague saving).
    for (label, mode, writer) in [
        ("wal", JournalSetting::Wal, false),
        ("delete", JournalSetting::Delete, false),
        ("delete + writer", JournalSetting::Delete, true),
    ] {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let handle = writer.then(|| {
            let stop = stop.clone();
            let path = path.clone();
            std::thread::spawn(move || {
                let c = rusqlite::Connection::open(&path).unwrap();
                c.busy_timeout(Duration::from_secs(5)).unwrap();
                let mut commits = 0u64;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    c.execute_batch(
                        "BEGIN IMMEDIATE; UPDATE company SET version = version WHERE id = 1;",
                    )
                    .unwrap();
                    std::thread::sleep(Duration::from_millis(20));
                    c.execute_batch("COMMIT").unwrap();
                    commits += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
                commits
            })
        });
        measure_keys(&path, mode, label);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(h) = handle {
            println!(
                "  (the writer committed {} times meanwhile)",
                h.join().unwrap()
            );
        }
    }
    // Back to the mode the other benches expect.
    drop(app_in(&path, 24, JournalSetting::Auto));

    // Render only: the order list against a bare frame of a 60-row table.
    for (w, h) in [(200u16, 60u16), (80, 24)] {
        let mut a = app(&path, h);
        login(&mut a, "manager");
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut ours = Vec::with_capacity(500);
        let mut bare = Vec::with_capacity(500);
        let rows: Vec<Vec<String>> = (0..60)
            .map(|i| {
                vec![
                    format!("SO-2026-{i:06}"),
                    "2026-11-28".into(),
                    "杭州永顺五金店".into(),
                    "已审核".into(),
                    "加急".into(),
                    "1,234.50".into(),
                    "张丽".into(),
                    "电话".into(),
                ]
            })
            .collect();
        for _ in 0..500 {
            let t = Instant::now();
            term.draw(|f| a.draw(f)).unwrap();
            ours.push(t.elapsed());
            let t = Instant::now();
            term.draw(|f| {
                let table = Table::new(
                    rows.iter().map(|r| Row::new(r.clone())),
                    [Constraint::Fill(1); 8],
                )
                .block(Block::default().borders(Borders::ALL));
                f.render_widget(table, f.area());
            })
            .unwrap();
            bare.push(t.elapsed());
        }
        let (om, op) = stats(ours);
        let (bm, bp) = stats(bare);
        println!(
            "render the order list {w}×{h}: median {} p99 {}   bare table median {} p99 {}   ratio {:.2}",
            ms(om),
            ms(op),
            ms(bm),
            ms(bp),
            om.as_secs_f64() / bm.as_secs_f64()
        );
    }
}

/// Scrolling the order list and adding scanned lines, key to finished frame.
fn measure_keys(path: &std::path::Path, mode: JournalSetting, label: &str) {
    // Scrolling the order list: Down arrow to a finished frame, through page loads.
    let mut a = app_in(path, 60, mode);
    login(&mut a, "manager");
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut times = Vec::with_capacity(1000);
    for _ in 0..1000 {
        let t = Instant::now();
        a.handle_key(key(KeyCode::Down));
        term.draw(|f| a.draw(f)).unwrap();
        times.push(t.elapsed());
    }
    let (m, p) = stats(times);
    println!(
        "[{label}] scroll the order list, key to frame (200×60):  median {}  p99 {}",
        ms(m),
        ms(p)
    );

    // Adding a scanned line: 13 digits and Enter, then the frame.
    let codes: Vec<String> = {
        let c = rusqlite::Connection::open(path).unwrap();
        let mut st = c
            .prepare("SELECT barcode FROM product_barcodes WHERE rowid % 499 = 0 LIMIT 200")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let mut b = app_in(path, 24, mode);
    login(&mut b, "sales");
    b.handle_key(key(KeyCode::F(2)));
    for c in "C00002".chars() {
        b.handle_key(key(KeyCode::Char(c)));
    }
    b.handle_key(key(KeyCode::Enter));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut times = Vec::with_capacity(1000);
    for i in 0..1000 {
        let code = &codes[i % codes.len()];
        let t = Instant::now();
        for c in code.chars() {
            b.handle_key(key(KeyCode::Char(c)));
        }
        b.handle_key(key(KeyCode::Enter));
        term.draw(|f| b.draw(f)).unwrap();
        times.push(t.elapsed());
    }
    let (m, p) = stats(times);
    println!(
        "[{label}] scan a line, key burst to frame (80×24):       median {}  p99 {}",
        ms(m),
        ms(p)
    );
}
