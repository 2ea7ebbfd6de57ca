//! Several processes writing to one database file at once, in WAL and in rollback-
//! journal mode; and writers killed with SIGKILL at random moments. Afterwards every
//! acknowledged write is present and `check` passes.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use orderdesk::config::JournalSetting;
use orderdesk::ops::{self, master, stock};
use orderdesk::store::{self, Db};

const PASSWORD: &str = "adminpass1";

/// A database with bins and products, ready for the writers.
fn prepare(dir: &Path, journal: JournalSetting) -> PathBuf {
    let path = dir.join("shared.db");
    let db = Db::create(&path, journal).unwrap();
    let admin = ops::setup::init_company(&db, "并发测试", "admin", PASSWORD).unwrap();
    master::create_warehouse(&db, &admin, "WH1", "主仓库").unwrap();
    for b in ["A-01", "A-02", "A-03"] {
        master::create_bin(&db, &admin, "WH1", b, "").unwrap();
    }
    for i in 1..=6 {
        let sku = format!("P-{i}");
        master::create_product(
            &db,
            &admin,
            &master::ProductInput {
                sku: sku.clone(),
                name: format!("测试商品{i}"),
                unit: "个".into(),
                list_price: "10".into(),
                tracks_lots: i % 3 == 0,
                ..Default::default()
            },
        )
        .unwrap();
        if i % 3 != 0 {
            stock::receive_stock(
                &db,
                &admin,
                &stock::ReceiptInput {
                    product: sku,
                    bin: "A-01".into(),
                    qty: "50".into(),
                    unit_cost: "5".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        }
    }
    path
}

struct Writer {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: JoinHandle<()>,
    stderr: JoinHandle<String>,
}

fn spawn_writer(dir: &Path, db: &Path, journal: &str, writer: u32, seconds: u64) -> Writer {
    let cfg = dir.join(format!("{journal}.toml"));
    std::fs::write(&cfg, format!("journal_mode = \"{journal}\"\n")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .args([
            "--user",
            "admin",
            "stress",
            "--seconds",
            &seconds.to_string(),
        ])
        .args(["--writer", &writer.to_string()])
        .env("ORDERDESK_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let out = child.stdout.take().unwrap();
    let sink = lines.clone();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    let err = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            s.push_str(&line);
            s.push('\n');
        }
        s
    });
    Writer {
        child,
        lines,
        reader,
        stderr,
    }
}

/// Every acknowledged write must be in the database.
fn assert_acks_present(db: &Db, acks: &[String]) {
    for ack in acks {
        let parts: Vec<&str> = ack.split_whitespace().collect();
        assert!(
            parts.len() >= 3 && parts[0] == "ack",
            "unexpected output line {ack:?}"
        );
        match parts[1] {
            "receipt" | "adjust" => {
                let id: i64 = parts[2].parse().unwrap();
                assert!(
                    store::stock::move_exists(db.conn(), id).unwrap(),
                    "lost {ack}"
                );
            }
            "customer" => {
                let code = parts[3];
                assert!(
                    store::customers::by_code(db.conn(), code)
                        .unwrap()
                        .is_some(),
                    "lost {ack}"
                );
            }
            other => panic!("unknown ack kind {other}"),
        }
    }
}

fn count_writes(db: &Db) -> i64 {
    db.conn()
        .query_row(
            "SELECT (SELECT count(*) FROM stock_moves) + (SELECT count(*) FROM customers)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn concurrent_writers(journal: JournalSetting, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = prepare(dir.path(), journal);
    let before = count_writes(&Db::open(&path, journal).unwrap());
    let writers: Vec<Writer> = (1..=4)
        .map(|w| spawn_writer(dir.path(), &path, name, w, 3))
        .collect();
    let mut acks = Vec::new();
    for mut w in writers {
        let status = w.child.wait().unwrap();
        w.reader.join().unwrap();
        let err = w.stderr.join().unwrap();
        assert!(status.success(), "writer failed: {err}");
        assert!(
            !err.to_lowercase().contains("busy"),
            "SQLITE_BUSY reached a caller: {err}"
        );
        acks.extend(w.lines.lock().unwrap().drain(..));
    }
    let db = Db::open(&path, journal).unwrap();
    assert!(
        acks.len() > 40,
        "the writers made progress: {} writes",
        acks.len()
    );
    assert_acks_present(&db, &acks);
    assert_eq!(
        count_writes(&db) - before,
        acks.len() as i64,
        "nothing unacknowledged was committed"
    );
    let violations = store::check::run(db.conn()).unwrap();
    assert!(violations.is_empty(), "{violations:?}");
    // Gapless receipt numbers: GR-YYYY-000001 up to the count.
    let (n, max): (i64, i64) = db
        .conn()
        .query_row(
            "SELECT count(*), max(CAST(substr(doc_no, 9) AS INTEGER)) FROM stock_moves WHERE doc_type = 'GR'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(n, max, "receipt numbers have no gaps");
}

#[test]
fn four_writers_in_wal_mode() {
    concurrent_writers(JournalSetting::Wal, "wal");
}

#[test]
fn four_writers_in_rollback_journal_mode() {
    concurrent_writers(JournalSetting::Delete, "delete");
}

fn killed_writers(journal: JournalSetting, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = prepare(dir.path(), journal);
    let mut rng = fastrand::Rng::with_seed(42);
    let mut all_acks = Vec::new();
    for round in 0..6 {
        let writers: Vec<Writer> = (1..=3)
            .map(|w| spawn_writer(dir.path(), &path, name, round * 10 + w, 30))
            .collect();
        std::thread::sleep(Duration::from_millis(rng.u64(150..700)));
        for mut w in writers {
            // SIGKILL: no destructor, no rollback, no flush.
            let _ = w.child.kill();
            let _ = w.child.wait();
            w.reader.join().unwrap();
            let _ = w.stderr.join();
            all_acks.extend(w.lines.lock().unwrap().drain(..));
        }
        let db = Db::open(&path, journal).unwrap();
        assert_acks_present(&db, &all_acks);
        let violations = store::check::run(db.conn()).unwrap();
        assert!(violations.is_empty(), "round {round}: {violations:?}");
    }
    assert!(
        !all_acks.is_empty(),
        "the writers wrote before they were killed"
    );
}

#[test]
fn killed_writers_leave_a_consistent_wal_database() {
    killed_writers(JournalSetting::Wal, "wal");
}

#[test]
fn killed_writers_leave_a_consistent_rollback_journal_database() {
    killed_writers(JournalSetting::Delete, "delete");
}
