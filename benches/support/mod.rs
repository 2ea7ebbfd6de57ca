//! What the benchmarks share: the large demo database, paired measurement beside bare
//! SQL, and the printed rows.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use orderdesk::config::JournalSetting;
use orderdesk::ops::demo;
use orderdesk::store::Db;
use rusqlite::Connection;

pub struct Stats {
    pub median: Duration,
    pub p99: Duration,
}

pub fn stats(mut times: Vec<Duration>) -> Stats {
    times.sort();
    let n = times.len();
    Stats {
        median: times[n / 2],
        p99: times[(n * 99 / 100).min(n - 1)],
    }
}

/// Runs `ours` and `bare` alternately, `n` times each after a warm-up, so that drift of
/// the machine (caches, frequency, other load) affects both sides alike.
pub fn measure_pair(
    n: usize,
    mut ours: impl FnMut(usize),
    mut bare: impl FnMut(usize),
) -> (Stats, Stats) {
    for i in 0..n.min(20) {
        ours(i);
        bare(i);
    }
    let mut a = Vec::with_capacity(n);
    let mut b = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        ours(i);
        a.push(t.elapsed());
        let t = Instant::now();
        bare(i);
        b.push(t.elapsed());
    }
    (stats(a), stats(b))
}

/// Reads every column of a row into owned values, as the layers above do.
pub fn read_all(r: &rusqlite::Row<'_>) -> rusqlite::Result<Vec<rusqlite::types::Value>> {
    (0..r.as_ref().column_count()).map(|i| r.get(i)).collect()
}

pub fn us(d: Duration) -> String {
    format!("{:>9.1} µs", d.as_secs_f64() * 1e6)
}

pub fn row(name: &str, ours: &Stats, bare: &Stats, target: &str) {
    let ratio = ours.median.as_secs_f64() / bare.median.as_secs_f64().max(1e-9);
    println!(
        "{name:<44} {} {}   bare {} {}   ratio {ratio:>5.2}  ({target})",
        us(ours.median),
        us(ours.p99),
        us(bare.median),
        us(bare.p99)
    );
}

/// The large demo database (`ORDERDESK_BENCH_DB` or `target/bench-large.db`, generated
/// when missing), opened through orderdesk and through a bare connection.
pub fn open_bench_db() -> (PathBuf, Db, Connection) {
    let path = std::env::var_os("ORDERDESK_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-large.db"));
    if !path.exists() {
        println!("generating the large demo database at {} …", path.display());
        let t = Instant::now();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid date");
        demo::generate(
            &path,
            JournalSetting::Auto,
            demo::Scale::Large,
            2026,
            as_of,
            &mut |m| eprintln!("  {m:?}"),
        )
        .expect("generate the large demo");
        println!("generated in {:.1} s", t.elapsed().as_secs_f64());
    }
    let db = Db::open(&path, JournalSetting::Auto).expect("open the bench database");
    // The bare connection has the same settings as orderdesk's (`Db::open`): the same
    // durability and the same 32 MiB page cache, so that a ratio measures the layers
    // above SQL, not a smaller cache.
    let bare = Connection::open(&path).expect("open bare");
    bare.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; \
         PRAGMA cache_size = -32000;",
    )
    .unwrap();
    (path, db, bare)
}

/// Whether a row is to be run: every row when the bench is given no words
/// (`cargo bench --bench foundation`), else the rows whose name holds one of them
/// (`cargo bench --bench foundation -- page search`).
pub fn selected(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    words.is_empty() || words.iter().any(|w| name.contains(w.as_str()))
}
