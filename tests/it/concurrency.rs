//! Several processes writing to one database file at once, in WAL and in rollback-
//! journal mode; and writers killed with SIGKILL at random moments. The writers do what
//! users do (receipts, adjustments, customers, orders submitted, approved, held and
//! released, each as a user whose role allows it). Afterwards every acknowledged write
//! is present exactly once and `check` passes.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use orderdesk::config::JournalSetting;
use orderdesk::domain::access::Role;
use orderdesk::domain::money::Money;
use orderdesk::ops::{self, master, stock, users};
use orderdesk::store::{self, Db};

const PASSWORD: &str = "adminpass1";

/// A database with bins and products, ready for the writers.
fn prepare(dir: &Path, journal: JournalSetting) -> PathBuf {
    let path = dir.join("shared.db");
    let db = Db::create(&path, journal).unwrap();
    let admin = ops::setup::init_company(&db, "并发测试", "admin", PASSWORD).unwrap();
    // Orders are written by a sales user and approved, held and released by a manager;
    // above the sales user's small limit they wait in the queue.
    for (name, role, limit) in [
        ("sales", Role::Sales, 2_000),
        ("manager", Role::Manager, 10_000_000),
        ("finance", Role::Finance, 0),
    ] {
        users::add_user(
            &db,
            &admin,
            &users::NewUserInput {
                username: name.into(),
                display_name: name.into(),
                password: PASSWORD.into(),
                roles: vec![role],
                os_user: None,
                approval_limit: Money::from_minor(limit),
            },
        )
        .unwrap();
    }
    // Finance may set a customer's standing and credit.
    let finance = ops::auth::login(&db, "finance", PASSWORD).unwrap();
    for code in ["K-1", "K-2"] {
        master::create_customer(
            &db,
            &finance,
            &master::CustomerInput {
                code: code.into(),
                name: format!("并发客户{code}"),
                terms: "net:30".into(),
                credit_limit: "1000000".into(),
                status: orderdesk::domain::customer::CustomerStatus::Active,
                ..Default::default()
            },
        )
        .unwrap();
    }
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
                // The demo's kind of product: lots with an expiry date.
                tracks_expiry: i == 6,
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
        .args(["--also", "sales", "--also", "manager"])
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

/// Every acknowledged write must be in the database, and an order's decisions exactly
/// as often as they were acknowledged (`exact`), or at least as often when a writer may
/// have been killed between its commit and its acknowledgement.
fn assert_acks_present(db: &Db, acks: &[String], exact: bool) {
    let mut decisions: std::collections::HashMap<(String, i64), i64> = Default::default();
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
            "draft" => {
                let id: i64 = parts[2].parse().unwrap();
                let reference: String = db
                    .conn()
                    .query_row("SELECT channel_ref FROM orders WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .unwrap_or_else(|e| panic!("lost {ack}: {e}"));
                assert_eq!(reference, parts[3], "{ack}");
            }
            "order" => {
                let id: i64 = parts[2].parse().unwrap();
                let ids: Vec<i64> = db
                    .conn()
                    .prepare("SELECT id FROM orders WHERE number = ?1")
                    .unwrap()
                    .query_map([parts[3]], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                assert_eq!(ids, [id], "{ack}: the number belongs to that order alone");
                *decisions.entry(("submit".into(), id)).or_default() += 1;
                if parts.get(4) == Some(&"approved") {
                    *decisions.entry(("approve".into(), id)).or_default() += 1;
                }
            }
            "approve" | "hold" | "release" => {
                let id: i64 = parts[2].parse().unwrap();
                *decisions.entry((parts[1].into(), id)).or_default() += 1;
            }
            other => panic!("unknown ack kind {other}"),
        }
    }
    for ((action, id), acked) in decisions {
        let done: i64 = db
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'order' AND entity_id = ?1 AND action = ?2",
                rusqlite::params![id, action],
                |r| r.get(0),
            )
            .unwrap();
        if exact {
            assert_eq!(done, acked, "{action} of order {id}");
        } else {
            assert!(
                done >= acked,
                "{action} of order {id}: {acked} acknowledged, {done} done"
            );
        }
    }
}

/// Every write a writer can acknowledge, counted in the database.
fn count_writes(db: &Db) -> i64 {
    db.conn()
        .query_row(
            "SELECT (SELECT count(*) FROM stock_moves) + (SELECT count(*) FROM customers)
                  + (SELECT count(*) FROM orders)
                  + (SELECT count(*) FROM audit_log WHERE entity = 'order'
                       AND action IN ('submit', 'approve', 'hold', 'release'))",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// How many acknowledgements of each kind.
fn kinds(acks: &[String]) -> std::collections::BTreeMap<String, usize> {
    let mut m = std::collections::BTreeMap::new();
    for a in acks {
        if let Some(k) = a.split_whitespace().nth(1) {
            *m.entry(k.to_string()).or_insert(0) += 1;
        }
    }
    m
}

fn concurrent_writers(journal: JournalSetting, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = prepare(dir.path(), journal);
    let before = count_writes(&Db::open(&path, journal).unwrap());
    let writers: Vec<Writer> = (1..=4)
        .map(|w| spawn_writer(dir.path(), &path, name, w, 4))
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
    assert_acks_present(&db, &acks, true);
    let kinds = kinds(&acks);
    for k in [
        "receipt", "adjust", "customer", "draft", "order", "approve", "hold", "release",
    ] {
        assert!(kinds.contains_key(k), "no {k} was written: {kinds:?}");
    }
    // An order approved at its submission is two writes (submit, approve) in one line.
    let approved_at_once = acks.iter().filter(|a| a.ends_with(" approved")).count();
    assert_eq!(
        count_writes(&db) - before,
        (acks.len() + approved_at_once) as i64,
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
        // Killed at a random moment once they are writing (logging in takes a while).
        let started = std::time::Instant::now();
        while writers.iter().all(|w| w.lines.lock().unwrap().is_empty())
            && started.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
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
        assert_acks_present(&db, &all_acks, false);
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

/// On the demo data (whose products track lots and expiry dates) the writer runs its
/// whole time, writing every kind of write as the demo's users, and `check` passes.
#[test]
fn the_stress_writer_runs_its_time_on_the_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    ops::demo::generate(
        &path,
        JournalSetting::Wal,
        ops::demo::Scale::Small,
        2026,
        as_of,
        &mut |_| {},
    )
    .unwrap();
    let cfg = dir.path().join("wal.toml");
    std::fs::write(&cfg, "journal_mode = \"wal\"\n").unwrap();
    let started = std::time::Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "--db",
            path.to_str().unwrap(),
        ])
        .args([
            "--lang",
            "en",
            "--user",
            "admin",
            "stress",
            "--seconds",
            "2",
        ])
        .args(["--also", "sales", "--also", "manager"])
        .env("ORDERDESK_PASSWORD", ops::demo::DEMO_PASSWORD)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "stopped early: {err}"
    );
    let acks: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let kinds = kinds(&acks);
    for k in ["receipt", "adjust", "customer", "order", "approve", "hold"] {
        assert!(kinds.contains_key(k), "no {k} was written: {kinds:?}");
    }
    let db = Db::open(&path, JournalSetting::Wal).unwrap();
    assert_acks_present(&db, &acks, true);
    let violations = store::check::run(db.conn()).unwrap();
    assert!(violations.is_empty(), "{violations:?}");
}
